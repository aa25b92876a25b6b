package app

import "github.com/gather-sp/gather/app/kit"

// The person form (person_edit.go) checks postcodes and phone numbers as
// the venue form does; the checks are kit's now. These names go when the
// person form moves out of package app.
var phonePattern = kit.PhonePattern

func normalPostcode(s string) (string, bool) { return kit.NormalPostcode(s) }
