package server

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// Behind a trusted load balancer the wrong-code limiter counts the client
// that X-Forwarded-For names; from anyone else the header counts for
// nothing, since anyone can write it.
func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	for _, tc := range []struct {
		name    string
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"no proxies configured", "10.0.0.5:4000", []string{"203.0.113.9"}, nil, "10.0.0.5"},
		{"a client sends the header itself", "198.51.100.1:4000", []string{"203.0.113.9"}, proxies, "198.51.100.1"},
		{"through the proxy", "10.0.0.5:4000", []string{"203.0.113.9"}, proxies, "203.0.113.9"},
		{"a forged first hop is ignored", "10.0.0.5:4000", []string{"1.2.3.4, 203.0.113.9"}, proxies, "203.0.113.9"},
		{"two proxies", "10.0.0.5:4000", []string{"203.0.113.9", "10.0.0.7"}, proxies, "203.0.113.9"},
		{"IPv6 proxy", "[fd00::1]:4000", []string{"2001:db8::7"}, proxies, "2001:db8::7"},
		{"no header from the proxy", "10.0.0.5:4000", nil, proxies, "10.0.0.5"},
		{"garbled header", "10.0.0.5:4000", []string{"not-an-address"}, proxies, "10.0.0.5"},
		{"only proxies in the header", "10.0.0.5:4000", []string{"10.0.0.9"}, proxies, "10.0.0.9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/v1/enrol", nil)
			r.RemoteAddr = tc.remote
			for _, h := range tc.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			if got := clientAddr(r, tc.trusted); got != tc.want {
				t.Fatalf("clientAddr = %q, want %q", got, tc.want)
			}
		})
	}
}
