package client

import (
	"testing"

	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

func TestBatchEndKeepsARecordsWritesTogether(t *testing.T) {
	mk := func(ids ...string) []storage.Pending {
		var ps []storage.Pending
		for i, id := range ids {
			ps = append(ps, storage.Pending{Seq: uint64(i + 1), Write: record.Write{Kind: "activity", ID: id}})
		}
		return ps
	}
	cases := []struct {
		name  string
		ids   []string
		size  int
		limit int
		want  int
	}{
		{"fewer than a batch", []string{"a", "a"}, 5, 10, 2},
		{"cut falls between records", []string{"a", "a", "b", "b"}, 2, 10, 2},
		{"cut falls inside a record", []string{"a", "b", "b", "b", "c"}, 2, 10, 4},
		{"record runs to the end", []string{"a", "b", "b"}, 2, 10, 3},
		{"a record longer than the limit is cut at it", []string{"a", "b", "b", "b", "b"}, 2, 3, 3},
		{"never past the limit", []string{"a", "a", "a"}, 5, 2, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := batchEnd(mk(tc.ids...), tc.size, tc.limit); got != tc.want {
				t.Errorf("batchEnd = %d, want %d", got, tc.want)
			}
		})
	}
}

// A push's answer acknowledges at most the batch it answers; any number
// but the batch's last is an answer no honest server gives.
func TestAckOfTakesNothingPastTheBatch(t *testing.T) {
	batch := []storage.Pending{{Seq: 5}, {Seq: 6}, {Seq: 7}}
	cases := []struct {
		name  string
		acked uint64
		want  uint64
		bad   bool
	}{
		{"the batch", 7, 7, false},
		{"past the batch", 57, 7, true},
		{"part of the batch", 6, 6, true},
		{"before the batch", 4, 0, true},
		{"nothing", 0, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, bad := ackOf(tc.acked, batch)
			if got != tc.want || (bad != nil) != tc.bad {
				t.Errorf("ackOf(%d) = %d, %v; want %d, bad answer %v", tc.acked, got, bad, tc.want, tc.bad)
			}
		})
	}
}
