package domain

import "testing"

func TestStaffKnownAt(t *testing.T) {
	garden := Staff{ID: "s1", Venues: []string{"garden"}}
	for _, c := range []struct {
		name   string
		st     Staff
		org    bool
		venues []string
		want   bool
	}{
		{"organisation device knows a venue's staff", garden, true, nil, true},
		{"their venue's tablet", garden, false, []string{"hall", "garden"}, true},
		{"another venue's tablet", garden, false, []string{"hall"}, false},
		{"a tablet with no venues", garden, false, nil, false},
		{"staff who work everywhere", Staff{ID: "s2"}, false, []string{"hall"}, true},
		{"deleted", Staff{ID: "s3", Deleted: true}, true, nil, false},
		{"no id", Staff{}, true, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := StaffKnownAt(c.st, c.org, c.venues); got != c.want {
				t.Errorf("StaffKnownAt = %v, want %v", got, c.want)
			}
		})
	}
}
