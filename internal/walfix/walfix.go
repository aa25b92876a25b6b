// Package walfix repairs what a crash can leave in a Badger folder that
// Badger itself will not open.
//
// Badger makes each new memtable write-ahead log ("NNNNN.mem") by creating
// the file and then growing it to its full size. A SIGKILL or power cut
// between the two leaves a file of zero bytes, and the next badger.Open
// fails on it ("while opening memtables: ... Create a new file"). Such a
// file never held a write: a log gets its header before its first entry,
// and the header needs the file grown first. Deleting it loses nothing and
// lets the store open.
package walfix

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DropEmptyMemtables deletes zero-length memtable logs in dir and returns
// their names. A missing dir is not an error (a store not made yet). It
// touches nothing while another process holds Badger's lock on dir: there
// an empty log may be one that is being made this very moment.
func DropEmptyMemtables(dir string) ([]string, error) {
	unlock, ok := lockDir(dir)
	if !ok {
		return nil, nil
	}
	defer unlock()
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var dropped []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".mem") {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() != 0 {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return dropped, fmt.Errorf("cannot remove the empty log %s left by a crash: %w", e.Name(), err)
		}
		dropped = append(dropped, e.Name())
	}
	return dropped, nil
}
