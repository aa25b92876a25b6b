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
		name string
		ids  []string
		size int
		want int
	}{
		{"fewer than a batch", []string{"a", "a"}, 5, 2},
		{"cut falls between records", []string{"a", "a", "b", "b"}, 2, 2},
		{"cut falls inside a record", []string{"a", "b", "b", "b", "c"}, 2, 4},
		{"record runs to the end", []string{"a", "b", "b"}, 2, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := batchEnd(mk(tc.ids...), tc.size); got != tc.want {
				t.Errorf("batchEnd = %d, want %d", got, tc.want)
			}
		})
	}
}
