// Package sealed seals a stream of any length with a 32-byte key
// (AES-256-GCM in chunks), and opens it again checking that nothing was cut
// short, reordered, changed or added. The server's backups and a device's
// backups both use it, each with its own labels and its own file header.
//
// Layout (after whatever header the caller writes first): a 32-byte random
// salt, a 16-byte key check (HKDF of the key and salt, so a wrong key is
// told apart from a damaged file), then frames. A frame is a 4-byte
// big-endian length whose top bit marks the last frame, and that many bytes
// of AES-256-GCM output (at most a 64 KiB chunk plus its 16-byte tag),
// under a key derived from the key and the salt (HKDF). The nonce of frame
// n is n (11 bytes, big-endian) then 1 for the last frame or 0. So a stream
// cut at a frame boundary, reordered or extended is refused, and memory
// stays bounded however large the stream.
package sealed

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// KeySize is the length of the key: AES-256.
const KeySize = 32

// Sizes of the parts of a stream.
const (
	SaltSize  = 32
	CheckSize = 16
	HeadSize  = SaltSize + CheckSize // what follows the caller's header
	Chunk     = 64 << 10             // plain bytes per frame, at most
	Overhead  = 16                   // GCM tag per frame
	frameLast = 1 << 31
)

// Errors a reader returns, in words for whoever restores a backup.
var (
	ErrWrongKey = errors.New("the key does not open this backup")
	ErrCut      = errors.New("the backup is cut short or damaged: it does not end where it was written to end")
	ErrTrailer  = errors.New("the backup has bytes after its end: it was changed after it was written")
)

// Labels name one use of the format: streams sealed under one pair of
// labels open only under the same pair, whatever the key.
type Labels struct {
	Seal  string // HKDF info for the sealing key
	Check string // HKDF info for the key check
}

func keys(key, salt []byte, l Labels) (cipher.AEAD, []byte, error) {
	if len(key) != KeySize {
		return nil, nil, fmt.Errorf("sealed: the key must be %d bytes, not %d", KeySize, len(key))
	}
	sub, err := hkdf.Key(sha256.New, key, salt, l.Seal, 32)
	if err != nil {
		return nil, nil, err
	}
	check, err := hkdf.Key(sha256.New, key, salt, l.Check, CheckSize)
	if err != nil {
		return nil, nil, err
	}
	block, err := aes.NewCipher(sub)
	if err != nil {
		return nil, nil, err
	}
	aead, err := cipher.NewGCM(block)
	return aead, check, err
}

func nonce(n uint64, last bool) []byte {
	b := make([]byte, 12)
	binary.BigEndian.PutUint64(b[3:11], n)
	if last {
		b[11] = 1
	}
	return b
}

// Writer seals what is written to it in chunks; Close writes the last frame
// (which may be empty). Without Close the stream is refused as cut short.
type Writer struct {
	w    io.Writer
	aead cipher.AEAD
	buf  []byte
	n    uint64
	out  []byte
}

// NewWriter writes the salt and key check to w and returns a Writer that
// seals into it.
func NewWriter(w io.Writer, key []byte, l Labels) (*Writer, error) {
	salt := make([]byte, SaltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	aead, check, err := keys(key, salt, l)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(append(salt, check...)); err != nil {
		return nil, err
	}
	return &Writer{w: w, aead: aead, buf: make([]byte, 0, Chunk),
		out: make([]byte, 4, 4+Chunk+aead.Overhead())}, nil
}

func (s *Writer) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		if len(s.buf) == Chunk {
			// A full chunk is sealed only when more follows, so the last
			// frame is never a full one written before Close.
			if err := s.frame(false); err != nil {
				return written, err
			}
		}
		k := copy(s.buf[len(s.buf):Chunk], p)
		s.buf = s.buf[:len(s.buf)+k]
		p = p[k:]
		written += k
	}
	return written, nil
}

func (s *Writer) frame(last bool) error {
	out := s.aead.Seal(s.out[:4], nonce(s.n, last), s.buf, nil)
	size := uint32(len(out) - 4)
	if last {
		size |= frameLast
	}
	binary.BigEndian.PutUint32(out[:4], size)
	s.n++
	s.buf = s.buf[:0]
	_, err := s.w.Write(out)
	return err
}

// Close seals the last frame; it does not close the underlying writer.
func (s *Writer) Close() error { return s.frame(true) }

// Reader reads what a Writer wrote: it returns io.EOF only after the last
// frame, checked, and nothing after it; otherwise ErrCut or ErrTrailer.
type Reader struct {
	r    *bufio.Reader
	aead cipher.AEAD
	n    uint64
	buf  []byte // opened, not yet read
	in   []byte
	done bool
	err  error
}

// NewReader reads the salt and key check from r and checks the key:
// ErrWrongKey if it is not the one the stream was sealed with (or the
// labels differ), ErrCut if r ends first.
func NewReader(r io.Reader, key []byte, l Labels) (*Reader, error) {
	head := make([]byte, HeadSize)
	if _, err := io.ReadFull(r, head); err != nil {
		return nil, ErrCut
	}
	aead, check, err := keys(key, head[:SaltSize], l)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare(check, head[SaltSize:]) != 1 {
		return nil, ErrWrongKey
	}
	return &Reader{r: bufio.NewReaderSize(r, 64<<10), aead: aead,
		in: make([]byte, Chunk+aead.Overhead())}, nil
}

func (o *Reader) Read(p []byte) (int, error) {
	for len(o.buf) == 0 {
		if o.err != nil {
			return 0, o.err
		}
		if o.done {
			return 0, io.EOF
		}
		o.err = o.next()
	}
	n := copy(p, o.buf)
	o.buf = o.buf[n:]
	return n, nil
}

// Err is the error that stopped the stream, if any: a caller whose reader
// of the plain stream (Badger's Load) words it its own way can tell a cut
// or changed file from damage inside.
func (o *Reader) Err() error { return o.err }

func (o *Reader) next() error {
	var h [4]byte
	if _, err := io.ReadFull(o.r, h[:]); err != nil {
		return ErrCut
	}
	size := binary.BigEndian.Uint32(h[:])
	last := size&frameLast != 0
	size &^= frameLast
	if int(size) < o.aead.Overhead() || int(size) > len(o.in) {
		return ErrCut
	}
	in := o.in[:size]
	if _, err := io.ReadFull(o.r, in); err != nil {
		return ErrCut
	}
	plain, err := o.aead.Open(in[:0], nonce(o.n, last), in, nil)
	if err != nil {
		return ErrCut
	}
	o.n++
	o.buf = plain
	if last {
		if _, err := o.r.ReadByte(); err != io.EOF {
			return ErrTrailer
		}
		o.done = true
	}
	return nil
}
