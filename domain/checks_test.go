package domain

import "testing"

func TestNormalPostcodeAndPhone(t *testing.T) {
	for in, want := range map[string]string{"kv3 1ab": "KV3 1AB", "KV31AB": "KV3 1AB", " sw1a  2aa ": "SW1A 2AA", "12345": "", "call Bev": ""} {
		got, ok := NormalPostcode(in)
		if ok != (want != "") || (ok && got != want) {
			t.Errorf("NormalPostcode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for in, want := range map[string]bool{"01632 960245": true, "+44 (0)1632 960245": true, "01-632": false, "call Bev": false, "12345": false} {
		if got := PhoneLooksRight(in); got != want {
			t.Errorf("PhoneLooksRight(%q) = %v, want %v", in, got, want)
		}
	}
}
