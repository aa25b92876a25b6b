package client

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gather-sp/gather/sync/protocol"
)

// TestServerIdentifiersAreBounded: an answer naming an epoch, an
// organisation, a token, a role or a venue in more bytes than any Gather
// server uses is refused whole, in words, rather than kept in the device's
// records; one within the bound is taken as it came.
func TestServerIdentifiersAreBounded(t *testing.T) {
	long := strings.Repeat("e", protocol.MaxIDBytes+1)
	fits := strings.Repeat("e", protocol.MaxIDBytes)
	answer := func(status int, v any) *http.Response {
		body, err := protocol.Encode(v)
		if err != nil {
			t.Fatal(err)
		}
		h := http.Header{}
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Type", protocol.ContentType)
		return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader(body))}
	}
	for _, tc := range []struct {
		name    string
		status  int
		answer  any
		out     func() any
		refused bool
	}{
		{"a pull's epoch", 200, &protocol.PullResponse{Schema: protocol.Schema, Epoch: long}, func() any { return &protocol.PullResponse{} }, true},
		{"a pull's organisation", 200, &protocol.PullResponse{Schema: protocol.Schema, Epoch: "e1", Organisation: long}, func() any { return &protocol.PullResponse{} }, true},
		{"a pull within the bound", 200, &protocol.PullResponse{Schema: protocol.Schema, Epoch: fits, Organisation: fits}, func() any { return &protocol.PullResponse{} }, false},
		{"an enrolment's token", 200, &protocol.EnrolResponse{Schema: protocol.Schema, Token: long, Epoch: "e1"}, func() any { return &protocol.EnrolResponse{} }, true},
		{"an enrolment's venue", 200, &protocol.EnrolResponse{Schema: protocol.Schema, Token: "t", Epoch: "e1", Scope: protocol.Scope{Venues: []string{"v1", long}}}, func() any { return &protocol.EnrolResponse{} }, true},
		{"an enrolment's role", 200, &protocol.EnrolResponse{Schema: protocol.Schema, Token: "t", Epoch: "e1", Role: long}, func() any { return &protocol.EnrolResponse{} }, true},
		{"an enrolment within the bound", 200, &protocol.EnrolResponse{Schema: protocol.Schema, Token: fits, Epoch: fits, Scope: protocol.Scope{Venues: []string{fits}}}, func() any { return &protocol.EnrolResponse{} }, false},
		{"a restored server's new epoch", 409, &protocol.Error{Code: protocol.CodeEpochChanged, Epoch: long, Message: "restored"}, func() any { return &protocol.PullResponse{} }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := decodeAnswer(answer(tc.status, tc.answer), tc.out())
			var perr *protocol.Error
			switch {
			case tc.refused && (err == nil || !strings.Contains(err.Error(), "nothing of it was kept")):
				t.Errorf("taken: %v", err)
			case !tc.refused && tc.status == 200 && err != nil:
				t.Errorf("refused: %v", err)
			case tc.refused && errors.As(err, &perr):
				t.Errorf("kept as the server's refusal, epoch %d bytes", len(perr.Epoch))
			}
		})
	}
}
