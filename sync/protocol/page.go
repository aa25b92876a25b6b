package protocol

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
)

// ContentTypePage is the compact form of a pull answer. A client that sends
// "Accept: application/x-gather-page" gets pages in it; anyone else gets
// JSON. Decoding JSON with base64 states costs more than everything else in
// a first pull, so the client always asks for this form.
//
//	page:   magic "GATHER-PAGE-1\n" | uvarint n | n bytes JSON header | uvarint count | count × entity
//	header: a PullResponse without entities
//	entity: str kind | str id | str state
//	str:    uvarint length | bytes
const ContentTypePage = "application/x-gather-page"

const pageMagic = "GATHER-PAGE-1\n"

// EncodePage writes resp as a gzip-compressed page.
func EncodePage(w io.Writer, resp *PullResponse) error {
	hdr := *resp
	hdr.Entities = nil
	h, err := json.Marshal(&hdr)
	if err != nil {
		return err
	}
	size := len(pageMagic) + len(h) + 20
	for _, e := range resp.Entities {
		size += len(e.Kind) + len(e.ID) + len(e.State) + 15
	}
	buf := make([]byte, 0, size)
	buf = append(buf, pageMagic...)
	buf = binary.AppendUvarint(buf, uint64(len(h)))
	buf = append(buf, h...)
	buf = binary.AppendUvarint(buf, uint64(len(resp.Entities)))
	for _, e := range resp.Entities {
		buf = appendStr(buf, e.Kind)
		buf = appendStr(buf, e.ID)
		buf = appendStr(buf, string(e.State))
	}
	zw := writers.Get().(*gzip.Writer)
	defer writers.Put(zw)
	zw.Reset(w)
	if _, err := zw.Write(buf); err != nil {
		return err
	}
	return zw.Close()
}

func appendStr(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

var errBadPage = errors.New("the server sent a damaged page")

// DecodePage reads a page. States alias the inflated buffer.
func DecodePage(r io.Reader, gzipped bool, maxInflated int64) (*PullResponse, error) {
	var body []byte
	var err error
	if gzipped {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errBadPage, err)
		}
		body, err = io.ReadAll(io.LimitReader(zr, maxInflated+1))
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errBadPage, err)
		}
	} else if body, err = io.ReadAll(io.LimitReader(r, maxInflated+1)); err != nil {
		return nil, err
	}
	if int64(len(body)) > maxInflated {
		return nil, fmt.Errorf("%w (%d bytes at most)", ErrAnswerTooLarge, maxInflated)
	}
	return parsePage(body)
}

func parsePage(b []byte) (*PullResponse, error) {
	if !bytes.HasPrefix(b, []byte(pageMagic)) {
		return nil, fmt.Errorf("%w: not a Gather page", errBadPage)
	}
	b = b[len(pageMagic):]
	next := func() ([]byte, bool) {
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)-w) {
			return nil, false
		}
		s := b[w : w+int(n)]
		b = b[w+int(n):]
		return s, true
	}
	h, ok := next()
	if !ok {
		return nil, fmt.Errorf("%w: bad header", errBadPage)
	}
	// The header is a server's answer too: its lists are counted before
	// decoding, or a few MiB of them would cost the device a record each.
	if err := CheckAnswer(h); err != nil {
		return nil, err
	}
	var resp PullResponse
	if err := json.Unmarshal(h, &resp); err != nil {
		return nil, fmt.Errorf("%w: %v", errBadPage, err)
	}
	count, w := binary.Uvarint(b)
	switch {
	case w <= 0 || count > uint64(len(b)):
		return nil, fmt.Errorf("%w: bad count", errBadPage)
	case count > MaxPullEntities:
		// Before room is made for them: empty records cost the server
		// three bytes each, and the device a record's memory each.
		return nil, fmt.Errorf("%w: a page of %d records, where a page holds at most %d", ErrAnswerTooLarge, count, MaxPullEntities)
	}
	b = b[w:]
	resp.Entities = make([]Entity, 0, count)
	for i := uint64(0); i < count; i++ {
		kind, ok1 := next()
		id, ok2 := next()
		state, ok3 := next()
		if !ok1 || !ok2 || !ok3 {
			return nil, fmt.Errorf("%w: entity %d is cut short", errBadPage, i)
		}
		resp.Entities = append(resp.Entities, Entity{Kind: string(kind), ID: string(id), State: state})
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", errBadPage, len(b))
	}
	return &resp, nil
}
