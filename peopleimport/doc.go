// Package peopleimport brings a list of people that a group or a practice
// already keeps in a spreadsheet into Gather, as one audited action. It has
// no user interface: the Import people screen (package app) and
// `gather import people` both call it and save what it returns through the
// store's ordinary Save.
//
// Three steps, nothing written until the last:
//
//	f, err := peopleimport.Read(r)           // the file: encoding, separator, columns, rows
//	plan := peopleimport.Check(f, peopleimport.WithStore(view, store), today)  // every row checked; duplicates found
//	changes, result, err := plan.Changes(staff, recorder, skipBadRows)
//	err = store.Save(staff, changes...)
//
// Read takes CSV as spreadsheets save it: UTF-8 with or without a byte order
// mark (and, failing that, UTF-16 with a mark or Windows-1252, which older
// Excel writes), separated by commas, semicolons or tabs (whichever the
// heading row uses), with quoted values that may hold the separator, quote
// marks and line breaks. Title rows above the heading row are skipped.
// Columns are matched by their heading, forgivingly: "Surname", "Last name"
// and "Family name" all fill the family name; a single "Name" column is split.
// Row numbers are the file's line numbers, so they match the row numbers a
// spreadsheet shows (a value with a line break in it counts from the line
// its row starts on).
//
// Check reads every row and says what is wrong with each in plain words, by
// line: no name, a date of birth that does not exist or cannot be read
// (dates as Excel writes them: 21/11/1950, 21/11/50, 1950-11-21, 21-Nov-1950,
// 3 February 1950, and Excel's serial numbers), an NHS number whose check
// digit is wrong (domain.CheckNHSNumber, as the person form), a phone
// number, email address or postcode that does not look right, or an activity
// this device does not have. Rows for the same person (one row per activity
// they go to) are joined into one person: rows of one name join unless
// they give different details, so a detail left blank on some of a
// person's rows counts as "same as above". Rows of one name that give
// different NHS numbers or dates of birth (or, with neither, different
// other details) are two people, and Plan.Notes says so; a row that
// could be either of two such people, or that gives someone above (the
// same NHS number or date of birth) another detail, is a problem. People
// who may already be on the device are found with domain.FindDuplicates
// (and by NHS number) and left for a decision: skipped unless someone
// chooses to create them anyway, or to enrol the person already there.
//
// # Importing the same file twice
//
// A person's id is derived from the file's content (a hash of the whole
// file, as text, and of the person's identifying details), not drawn at
// random. Importing the same file again, on this device or on another one
// offline, makes the same ids: on this device they are found and left
// alone, and two devices that both imported it write the same records,
// which merge into one person each when they sync (see package record).
// Hashing the whole file keeps the id from revealing anything: it cannot be
// worked back to an NHS number. A file that was edited between imports has
// new ids, so people already on the device are also recognised by their
// details: someone whose name, date of birth, NHS number and contact details
// in the file all match a person on the device is "already here" and left
// alone; someone who only looks similar is a possible duplicate, skipped
// unless someone decides otherwise. Either way, nobody is created twice.
// Enrolments already have derived ids (domain.EnrolmentID).
//
// # One action
//
// Changes returns every person and enrolment the import makes and one
// audit entry (audit.ActionImported) that says how many people and
// enrolments were added and which fields were filled, never who: an
// import of 10,000 people is one line in the audit trail, not 10,000, and
// the trail holds no names. Save saves them through the store's ordinary
// Save: a list of a few hundred people in one transaction (all of it on
// disk, or none); a bigger one in parts of about 1 MB, because the store
// refuses bigger transactions, with the audit entry in the first part and
// every person in the same part as their enrolments. An import cut short
// between parts is finished by importing the same file again: the ids are
// the same, so what was saved is found and what was not is saved.
package peopleimport
