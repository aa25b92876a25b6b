package server

import (
	"fmt"

	"github.com/gather-sp/gather/sync/protocol"
)

// checkIncarnation tells a store put back from an earlier copy, or a
// second live copy of one store, from the device the server knows.
//
// A live store's queue head never goes down, and the server holds nothing
// numbered beyond it. So a push whose head is below the last sequence the
// server holds from this device comes from an earlier copy: the device is
// told to number its writes again after what the server holds, under a new
// incarnation. From then on the server accepts only that incarnation, so a
// second copy still using the old one is refused: two copies cannot both
// sync under one device id and overwrite each other's numbering.
//
// first is the push's first sequence (it has writes). Nothing is
// acknowledged on a refusal; the device keeps every write.
func checkIncarnation(dev *Device, req *protocol.PushRequest, first uint64) *protocol.Error {
	inc := req.Incarnation
	switch {
	case inc == "" || dev.Incarnation == "" || inc == dev.Incarnation:
		// The same copy (or a device that has not said which copy it is yet).
	case req.PreviousIncarnation == dev.Incarnation && first > dev.LastSeq:
		// The copy that was told it had been restored, now renumbered.
	default:
		return clonedError()
	}
	if req.QueueHead != 0 && req.QueueHead < dev.LastSeq {
		return &protocol.Error{Code: protocol.CodeDeviceRestored, ExpectedSeq: dev.LastSeq + 1,
			Message: fmt.Sprintf("this device's records were put back from an earlier copy: the server already holds change number %d from it, and the device numbers its changes only up to %d. The device will number its changes again from %d and send everything it holds, so nothing it saved is lost.",
				dev.LastSeq, req.QueueHead, dev.LastSeq+1)}
	}
	return nil
}

func clonedError() *protocol.Error {
	return &protocol.Error{Code: protocol.CodeDeviceCloned,
		Message: "another copy of this device's records is syncing with the server under the same device, so the server cannot tell the two apart and has stopped this copy. Nothing saved here is lost: it stays on this device. Ask your administrator for a new connection code and connect this device again (Settings, Connect); it will then sync as a device of its own."}
}
