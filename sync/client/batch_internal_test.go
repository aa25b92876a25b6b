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
