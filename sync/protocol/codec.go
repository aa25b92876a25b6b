package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/klauspost/compress/gzip"
)

// ContentType is the media type of every body.
const ContentType = "application/json"

// ErrTooLarge is returned (wrapped) when a body exceeds its limit.
var ErrTooLarge = errors.New("the request is larger than the server accepts")

var writers = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// Encode marshals v as gzip-compressed JSON.
func Encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := EncodeTo(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EncodeTo writes v to w as gzip-compressed JSON.
func EncodeTo(w io.Writer, v any) error {
	zw := writers.Get().(*gzip.Writer)
	defer writers.Put(zw)
	zw.Reset(w)
	if err := json.NewEncoder(zw).Encode(v); err != nil {
		return err
	}
	return zw.Close()
}

// SetHeaders marks a request or response as carrying an encoded body.
func SetHeaders(h http.Header) {
	h.Set("Content-Type", ContentType)
	h.Set("Content-Encoding", "gzip")
}

// Decode reads a body into v. gzipped says whether the body is gzip
// compressed (Content-Encoding: gzip); plain JSON is accepted too, for
// people testing with curl. Both the raw and the inflated size are limited.
func Decode(r io.Reader, gzipped bool, maxRaw, maxInflated int64, v any) error {
	raw, err := io.ReadAll(io.LimitReader(r, maxRaw+1))
	if err != nil {
		return fmt.Errorf("reading the body: %w", err)
	}
	if int64(len(raw)) > maxRaw {
		return fmt.Errorf("%w (%d bytes at most)", ErrTooLarge, maxRaw)
	}
	return DecodeBytes(raw, gzipped, maxInflated, v)
}

// DecodeBytes is Decode for a body already read.
func DecodeBytes(raw []byte, gzipped bool, maxInflated int64, v any) error {
	body := raw
	if gzipped {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return fmt.Errorf("the body is not valid gzip: %w", err)
		}
		body, err = io.ReadAll(io.LimitReader(zr, maxInflated+1))
		if err != nil {
			return fmt.Errorf("the body is not valid gzip: %w", err)
		}
		if int64(len(body)) > maxInflated {
			return fmt.Errorf("%w (%d bytes at most once uncompressed)", ErrTooLarge, maxInflated)
		}
	} else if int64(len(body)) > maxInflated {
		return fmt.Errorf("%w (%d bytes at most)", ErrTooLarge, maxInflated)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the body is not valid JSON for this request: %w", err)
	}
	if dec.More() {
		return fmt.Errorf("the body holds more than one JSON value")
	}
	return nil
}
