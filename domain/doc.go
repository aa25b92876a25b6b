// Package domain describes the people and things of social prescribing as
// Gather records them: venues, activities, sessions, people, enrolments,
// attendance marks, referrals, matches, follow-ups, contacts, wellbeing
// measures, consents and staff. It has no I/O.
//
// Each record type is a plain struct whose `field` tags name the entity fields
// it is stored in (see package record). Encode turns a struct into a field
// change; Decode fills one from stored values. Ids that must not split across
// devices are derived rather than random (SessionID, AttendanceID,
// EnrolmentID), so two tablets ticking the same person merge into one mark.
package domain
