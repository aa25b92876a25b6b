package domain

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gather-sp/gather/record"
)

// ServiceContact is how to reach the social prescribing service itself:
// its name, phone number, email and postal address. Letters and info
// sheets print it so that whoever reads them can get in touch. It is kept
// in the organisation's settings (OrgSettings), so every office device has
// the same.
type ServiceContact struct {
	Name    string // "Northside Social Prescribing"
	Phone   string // "01632 960000"
	Email   string // optional
	Address string // postal address, one line a line
}

// Limits on the service's contact details: what fits a letter's heading.
const (
	MaxServiceNameChars    = 80
	MaxServicePhoneChars   = 25
	MaxServiceEmailChars   = 100
	MaxServiceAddressLines = 6
	MaxServiceAddressChars = 60 // each line
	minServicePhoneDigits  = 10
	maxServicePhoneDigits  = 15
)

// Contact is the service's contact details from the organisation's
// settings.
func (s OrgSettings) Contact() ServiceContact {
	return ServiceContact{Name: s.ServiceName, Phone: s.ServicePhone, Email: s.ServiceEmail, Address: s.ServiceAddress}
}

// Tidy is c with the space around each detail trimmed and the address's
// blank lines dropped: as it is saved and printed.
func (c ServiceContact) Tidy() ServiceContact {
	return ServiceContact{
		Name:    strings.TrimSpace(c.Name),
		Phone:   strings.Join(strings.Fields(c.Phone), " "),
		Email:   strings.TrimSpace(c.Email),
		Address: strings.Join(c.AddressLines(), "\n"),
	}
}

// AddressLines are the address's lines, trimmed, blank ones left out.
func (c ServiceContact) AddressLines() []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(c.Address, "\r", ""), "\n") {
		if s := strings.TrimSpace(line); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// IsZero reports whether no contact detail is set.
func (c ServiceContact) IsZero() bool { return c.Tidy() == ServiceContact{} }

// DisplayName is the service's name, or "social prescribing" when none is
// set: what a letter's sign-off says under the link worker's name.
func (c ServiceContact) DisplayName() string {
	if n := strings.TrimSpace(c.Name); n != "" {
		return n
	}
	return "social prescribing"
}

// HowToReach says, in a sentence's middle, how to get in touch: "call
// 01632 960000 or email hello@example.org", "" when neither is set.
func (c ServiceContact) HowToReach() string {
	c = c.Tidy()
	var ways []string
	if c.Phone != "" {
		ways = append(ways, "call "+c.Phone)
	}
	if c.Email != "" {
		ways = append(ways, "email "+c.Email)
	}
	return strings.Join(ways, " or ")
}

// ValidateServiceContact checks the service's contact details, every one
// optional: a phone number of digits, spaces, brackets and a leading +,
// with 10 to 15 digits; an email that looks like one; a name and address
// that fit a letter. It says everything that is wrong, in words.
func ValidateServiceContact(c ServiceContact) error {
	c = c.Tidy()
	var errs []error
	if n := utf8.RuneCountInString(c.Name); n > MaxServiceNameChars {
		errs = append(errs, fmt.Errorf("the service's name is %d characters long; shorten it to %d or fewer", n, MaxServiceNameChars))
	} else if strings.ContainsAny(c.Name, "\n\r\t") {
		errs = append(errs, errors.New("the service's name should be on one line"))
	}
	if c.Phone != "" {
		if problem := servicePhoneProblem(c.Phone); problem != "" {
			errs = append(errs, errors.New(problem))
		}
	}
	if c.Email != "" {
		if n := utf8.RuneCountInString(c.Email); n > MaxServiceEmailChars {
			errs = append(errs, fmt.Errorf("the email address is %d characters long; it can be at most %d", n, MaxServiceEmailChars))
		} else if !EmailLooksRight(c.Email) {
			errs = append(errs, fmt.Errorf("the email address %q does not look like one: it should be like hello@northside.example.org", c.Email))
		}
	}
	lines := c.AddressLines()
	if len(lines) > MaxServiceAddressLines {
		errs = append(errs, fmt.Errorf("the address has %d lines; a letter has room for %d", len(lines), MaxServiceAddressLines))
	}
	for _, line := range lines {
		if n := utf8.RuneCountInString(line); n > MaxServiceAddressChars {
			errs = append(errs, fmt.Errorf("the address line %q is %d characters long; split it over two lines of at most %d", line, n, MaxServiceAddressChars))
			break
		}
	}
	return errors.Join(errs...)
}

// servicePhoneProblem says what is wrong with a phone number, or "".
func servicePhoneProblem(phone string) string {
	if n := utf8.RuneCountInString(phone); n > MaxServicePhoneChars {
		return fmt.Sprintf("the phone number is %d characters long; it can be at most %d", n, MaxServicePhoneChars)
	}
	digits, depth := 0, 0
	for i, r := range phone {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ':
		case r == '+':
			if i != 0 {
				return fmt.Sprintf("the phone number %q has a + after its start; a + goes only at the start, as in +44 1632 960000", phone)
			}
		case r == '(':
			depth++
		case r == ')':
			depth--
			if depth < 0 {
				return fmt.Sprintf("the phone number %q closes a bracket it did not open", phone)
			}
		default:
			return fmt.Sprintf("the phone number %q has %q in it; write it with digits, spaces, brackets and a leading + only, like 01632 960000", phone, r)
		}
	}
	if depth != 0 {
		return fmt.Sprintf("the phone number %q opens a bracket it does not close", phone)
	}
	if digits < minServicePhoneDigits || digits > maxServicePhoneDigits {
		return fmt.Sprintf("the phone number %q has %d digits; a whole number, with its area code, has %d to %d, like 01632 960000",
			phone, digits, minServicePhoneDigits, maxServicePhoneDigits)
	}
	return ""
}

// SetServiceContact is the change that sets the service's contact details
// in the organisation's settings, tidied (Tidy); a detail left blank is
// cleared. It is refused with what is wrong (ValidateServiceContact).
func SetServiceContact(c ServiceContact) (record.Change, error) {
	if err := ValidateServiceContact(c); err != nil {
		return record.Change{}, err
	}
	c = c.Tidy()
	return record.Change{Kind: KindSetting, ID: OrgSettingsID, Fields: map[string]string{
		"service_name": c.Name, "service_phone": c.Phone, "service_email": c.Email, "service_address": c.Address,
	}}, nil
}
