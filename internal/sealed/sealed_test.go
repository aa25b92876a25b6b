package sealed

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"testing"
)

var labels = Labels{Seal: "test seal", Check: "test check"}

func newKey() []byte {
	k := make([]byte, KeySize)
	rand.Read(k)
	return k
}

func seal(t *testing.T, key, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := NewWriter(&b, key, labels)
	if err != nil {
		t.Fatal(err)
	}
	for rest := data; len(rest) > 0; {
		n := min(len(rest), 1000)
		if _, err := w.Write(rest[:n]); err != nil {
			t.Fatal(err)
		}
		rest = rest[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func open(b, key []byte, l Labels) ([]byte, error) {
	r, err := NewReader(bytes.NewReader(b), key, l)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// A stream of any length, across chunk boundaries, opens whole; cut after a
// whole frame it is refused, not taken as ended.
func TestRoundTripAcrossChunks(t *testing.T) {
	key := newKey()
	for _, size := range []int{0, 1, Chunk - 1, Chunk, Chunk + 1, 3*Chunk + 17} {
		data := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
		b := seal(t, key, data)
		got, err := open(b, key, labels)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("size %d: %d bytes back, %v", size, len(got), err)
		}
		if frame := HeadSize + 4 + Chunk + Overhead; len(b) > frame {
			if _, err := open(b[:frame], key, labels); !errors.Is(err, ErrCut) {
				t.Fatalf("size %d cut after its first frame: %v", size, err)
			}
		}
	}
}

// Every way a stream can be wrong is refused with its own error.
func TestRefused(t *testing.T) {
	key := newKey()
	b := seal(t, key, bytes.Repeat([]byte("x"), 2*Chunk+5))
	flipped := bytes.Clone(b)
	flipped[len(flipped)/2] ^= 1
	lastFlag := bytes.Clone(b)
	lastFlag[HeadSize] ^= 0x80
	for _, tc := range []struct {
		name string
		b    []byte
		key  []byte
		l    Labels
		want error
	}{
		{"wrong key", b, newKey(), labels, ErrWrongKey},
		{"other labels", b, key, Labels{Seal: "other", Check: "other"}, ErrWrongKey},
		{"cut inside the head", b[:10], key, labels, ErrCut},
		{"cut by a byte", b[:len(b)-1], key, labels, ErrCut},
		{"a byte changed", flipped, key, labels, ErrCut},
		{"first frame marked last", lastFlag, key, labels, ErrCut},
		{"bytes after the end", append(bytes.Clone(b), 0), key, labels, ErrTrailer},
	} {
		if _, err := open(tc.b, tc.key, tc.l); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := NewWriter(io.Discard, make([]byte, 16), labels); err == nil {
		t.Error("a 16-byte key was taken")
	}
}
