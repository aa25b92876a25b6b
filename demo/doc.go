// Package demo writes realistic, clearly marked demonstration data into a
// store: three venues (a GP practice garden, a church hall and a gallery),
// their activities, about sixty people (at the demo's three GP practices,
// with their consent to the ways they prefer to be contacted, a few left
// without it on purpose), staff, enrolments, eight weeks of attendance
// history and today's sessions.
//
// Everything is deterministic given a seed and a "today" date, and every id
// begins with "demo-", so running it twice changes nothing and demo records
// are easy to tell apart from real ones. Phone numbers come from Ofcom's
// ranges reserved for drama (01632 960xxx, 07700 900xxx), so none is real.
//
// It writes through a Saver (the store's Save), in batches, one durable
// transaction each. It has no Fyne and no I/O of its own.
package demo
