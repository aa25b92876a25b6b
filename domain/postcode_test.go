package domain

import (
	"strings"
	"testing"
)

func TestCheckPostcode(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		refused        bool
	}{
		{"none", "  ", "", false},
		{"tidied", " kv2  7hn ", "KV2 7HN", false},
		{"no space", "KV14RG", "KV1 4RG", false},
		{"not a postcode", "12345", "", true},
		{"extra words", "KV2 7HN x", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CheckPostcode(tc.in)
			if tc.refused {
				if err == nil || !strings.Contains(err.Error(), "does not look like a UK postcode") {
					t.Fatalf("CheckPostcode(%q) = %q, %v; want a refusal in words", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("CheckPostcode(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}
