package diskscan

import (
	"errors"
	"os"
	"syscall"
)

// nextData finds the next data region at or after off (lseek SEEK_DATA).
func nextData(f *os.File, off int64) (int64, int) {
	const seekData = 3 // SEEK_DATA on Linux
	n, err := syscall.Seek(int(f.Fd()), off, seekData)
	switch {
	case errors.Is(err, syscall.ENXIO):
		return 0, noMoreData
	case err != nil:
		return 0, unknown
	}
	return n, dataAt
}
