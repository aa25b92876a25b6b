package domain

import "testing"

func TestActivityHeading(t *testing.T) {
	for _, tc := range []struct {
		a     Activity
		venue string
		want  string
	}{
		{Activity{Name: "Chair yoga online", Online: true}, "Riverside Hall", "Chair yoga online"},
		{Activity{Name: "ONLINE book club", Online: true}, "", "ONLINE book club"},
		{Activity{Name: "Chair yoga", Online: true}, "Riverside Hall", "Chair yoga · online"},
		{Activity{Name: "Garden group"}, "Riverside Hall", "Garden group · Riverside Hall"},
		{Activity{Name: "Garden group"}, "", "Garden group · —"},
	} {
		if got := ActivityHeading(tc.a, tc.venue); got != tc.want {
			t.Errorf("%+v at %q: %q, want %q", tc.a, tc.venue, got, tc.want)
		}
	}
}
