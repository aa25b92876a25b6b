package domain

// contactConsent is the consent each way of contacting someone needs.
// Meeting in person and handing over printed information need none.
var contactConsent = map[string]string{
	"phone call": "contact by phone",
	"text":       "contact by text",
	"email":      "contact by email",
	"letter":     "contact by post",
}

// preferenceConsent is the consent each contact preference (how someone
// would like to be contacted) stands for: ticking "phone" on a form is
// agreeing to be phoned.
var preferenceConsent = map[string]string{
	"phone":  "contact by phone",
	"text":   "contact by text",
	"email":  "contact by email",
	"letter": "contact by post",
}

// PreferenceConsentPurpose is the consent purpose a contact preference
// gives, or "" for none.
func PreferenceConsentPurpose(pref string) string { return preferenceConsent[pref] }

// OtherConsentPurposes are the consent purposes no contact preference
// gives (sharing with the GP, photos), in ConsentPurposes' order.
func OtherConsentPurposes() []string {
	var out []string
	for _, p := range ConsentPurposes {
		contact := false
		for _, c := range preferenceConsent {
			contact = contact || c == p
		}
		if !contact {
			out = append(out, p)
		}
	}
	return out
}

// ContactConsentPurpose is the consent purpose (one of ConsentPurposes) a
// contact by method needs, or "" when it needs none.
func ContactConsentPurpose(method string) string { return contactConsent[method] }

// ConsentGiven reports whether, on date today (YYYY-MM-DD), the person's
// latest consent record for purpose stands: given on or before today and
// not withdrawn by then. cs are the person's consent records, any order.
func ConsentGiven(cs []Consent, purpose, today string) bool {
	var latest *Consent
	for i := range cs {
		c := &cs[i]
		if c.Deleted || c.Purpose != purpose || c.Given == "" || c.Given > today {
			continue
		}
		if latest == nil || c.Given > latest.Given || c.Given == latest.Given && c.Withdrawn != "" {
			latest = c
		}
	}
	return latest != nil && (latest.Withdrawn == "" || latest.Withdrawn > today)
}
