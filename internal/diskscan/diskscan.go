// Package diskscan looks for plain-text secrets in every file under a
// folder, as someone who copies a store's files would: tests use it to prove
// that a name is not (or no longer) on disk.
package diskscan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Find reports each secret found, as "secret in file". Every byte of every
// file is read, except the holes of sparse files (Badger preallocates a
// 2 GiB value log that is mostly hole), which hold nothing but zeros.
func Find(dir string, secrets ...string) ([]string, error) {
	var out []string
	longest := 0
	for _, s := range secrets {
		longest = max(longest, len(s))
	}
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || !info.Mode().IsRegular() {
			return err
		}
		found, err := scan(path, secrets, longest)
		for _, s := range found {
			out = append(out, fmt.Sprintf("%q in %s", s, filepath.Base(path)))
		}
		return err
	})
	return out, err
}

func scan(path string, secrets []string, longest int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	found := map[string]bool{}
	buf := make([]byte, 0, 4<<20+longest)
	var off int64
	for {
		switch next, st := nextData(f, off); st {
		case noMoreData:
			return list(secrets, found), nil
		case dataAt:
			if next != off {
				buf = buf[:0] // a hole: no secret spans it
				off = next
			}
		}
		if _, err := f.Seek(off, io.SeekStart); err != nil {
			return nil, err
		}
		keep := len(buf)
		n, err := f.Read(buf[keep:cap(buf)])
		buf = buf[:keep+n]
		off += int64(n)
		for _, s := range secrets {
			if bytes.Contains(buf, []byte(s)) {
				found[s] = true
			}
		}
		if errors.Is(err, io.EOF) || n == 0 {
			return list(secrets, found), nil
		}
		if err != nil {
			return nil, err
		}
		// Keep the tail, so a secret across two reads is still seen.
		tail := max(0, len(buf)-longest+1)
		buf = append(buf[:0], buf[tail:]...)
	}
}

func list(secrets []string, found map[string]bool) []string {
	var out []string
	for _, s := range secrets {
		if found[s] {
			out = append(out, s)
		}
	}
	return out
}

// What nextData could tell.
const (
	unknown    = iota // the system cannot tell: read on
	dataAt            // data starts at the offset returned
	noMoreData        // only a hole (or nothing) after off
)
