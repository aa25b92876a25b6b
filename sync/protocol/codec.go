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

// ErrAnswerTooLarge is returned (wrapped) when a server's answer exceeds
// what any Gather server sends (DecodeAnswer, DecodePage).
var ErrAnswerTooLarge = errors.New("the server's answer is larger than any Gather server sends")

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
	raw, err := readAtMost(r, maxRaw, ErrTooLarge)
	if err != nil {
		return err
	}
	return DecodeBytes(raw, gzipped, maxInflated, v)
}

// readAtMost reads r whole, refusing it as tooLarge past limit bytes.
func readAtMost(r io.Reader, limit int64, tooLarge error) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading the body: %w", err)
	}
	if int64(len(raw)) > limit {
		return nil, fmt.Errorf("%w (%d bytes at most)", tooLarge, limit)
	}
	return raw, nil
}

// DecodeBytes is Decode for a body already read.
func DecodeBytes(raw []byte, gzipped bool, maxInflated int64, v any) error {
	body, err := inflated(raw, gzipped, maxInflated)
	if err != nil {
		return err
	}
	return unmarshal(body, v)
}

// DecodeAnswer is Decode for a server's answer, read by a device: its
// lists are counted before decoding (CheckAnswer). An answer beyond its
// bounds is ErrAnswerTooLarge.
func DecodeAnswer(r io.Reader, gzipped bool, maxRaw, maxInflated int64, v any) error {
	raw, err := readAtMost(r, maxRaw, ErrAnswerTooLarge)
	if err != nil {
		return err
	}
	body, err := inflated(raw, gzipped, maxInflated)
	if errors.Is(err, ErrTooLarge) {
		return fmt.Errorf("%w (%d bytes at most once uncompressed)", ErrAnswerTooLarge, maxInflated)
	} else if err != nil {
		return err
	}
	if err := CheckAnswer(body); err != nil {
		return err
	}
	return unmarshal(body, v)
}

// inflated is raw gunzipped when gzipped, within maxInflated bytes.
func inflated(raw []byte, gzipped bool, maxInflated int64) ([]byte, error) {
	if !gzipped {
		if int64(len(raw)) > maxInflated {
			return nil, fmt.Errorf("%w (%d bytes at most)", ErrTooLarge, maxInflated)
		}
		return raw, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("the body is not valid gzip: %w", err)
	}
	body, err := io.ReadAll(io.LimitReader(zr, maxInflated+1))
	if err != nil {
		return nil, fmt.Errorf("the body is not valid gzip: %w", err)
	}
	if int64(len(body)) > maxInflated {
		return nil, fmt.Errorf("%w (%d bytes at most once uncompressed)", ErrTooLarge, maxInflated)
	}
	return body, nil
}

// unmarshal decodes one JSON value, and nothing after it, into v.
func unmarshal(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the body is not valid JSON for this request: %w", err)
	}
	if dec.More() {
		return fmt.Errorf("the body holds more than one JSON value")
	}
	return nil
}
