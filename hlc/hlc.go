package hlc

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxCounter is the largest counter a Clock hands out: when a reading would
// need more, the clock moves its wall time on by a millisecond instead, so
// it never wraps. A stamp from elsewhere with a larger counter is not one a
// Gather clock made (the server refuses it).
const MaxCounter uint32 = 1<<16 - 1

// Timestamp is one reading of a hybrid logical clock.
type Timestamp struct {
	Wall    int64  // Unix milliseconds
	Counter uint32 // orders readings within the same millisecond
	Device  string // the device that made the reading; breaks ties
}

// IsZero reports whether t is the zero Timestamp (no write yet).
func (t Timestamp) IsZero() bool { return t.Wall == 0 && t.Counter == 0 && t.Device == "" }

// Compare orders timestamps by wall time, then counter, then device id.
// It returns -1, 0 or +1.
func (t Timestamp) Compare(u Timestamp) int {
	switch {
	case t.Wall != u.Wall:
		if t.Wall < u.Wall {
			return -1
		}
		return 1
	case t.Counter != u.Counter:
		if t.Counter < u.Counter {
			return -1
		}
		return 1
	}
	return strings.Compare(t.Device, u.Device)
}

// Less reports whether t orders before u.
func (t Timestamp) Less(u Timestamp) bool { return t.Compare(u) < 0 }

// Time returns the wall part as a time.Time.
func (t Timestamp) Time() time.Time { return time.UnixMilli(t.Wall).UTC() }

// String renders t as "wall.counter@device"; Parse inverts it.
func (t Timestamp) String() string {
	return strconv.FormatInt(t.Wall, 10) + "." + strconv.FormatUint(uint64(t.Counter), 10) + "@" + t.Device
}

// Parse reads the form produced by String.
func Parse(s string) (Timestamp, error) {
	dot := strings.IndexByte(s, '.')
	at := strings.IndexByte(s, '@')
	if dot < 0 || at < dot {
		return Timestamp{}, fmt.Errorf("hlc: %q is not wall.counter@device", s)
	}
	wall, err := strconv.ParseInt(s[:dot], 10, 64)
	if err != nil {
		return Timestamp{}, fmt.Errorf("hlc: bad wall time in %q", s)
	}
	ctr, err := strconv.ParseUint(s[dot+1:at], 10, 32)
	if err != nil {
		return Timestamp{}, fmt.Errorf("hlc: bad counter in %q", s)
	}
	return Timestamp{Wall: wall, Counter: uint32(ctr), Device: s[at+1:]}, nil
}

// Clock hands out strictly increasing timestamps for one device.
// It is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    func() time.Time
	device string
	last   Timestamp
}

// NewClock returns a clock for device. now may be nil for time.Now.
func NewClock(device string, now func() time.Time) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{now: now, device: device}
}

// Device returns the id this clock stamps on its readings.
func (c *Clock) Device() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.device
}

// SetDevice makes later readings carry device: a store copied from another
// device takes an id of its own, so the two never stamp alike.
func (c *Clock) SetDevice(device string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.device = device
}

// Now returns a timestamp greater than every timestamp this clock has
// returned or observed. Its counter is at most MaxCounter.
func (c *Clock) Now() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now().UnixMilli()
	switch {
	case wall > c.last.Wall:
		c.last = Timestamp{Wall: wall, Device: c.device}
	case c.last.Counter >= MaxCounter:
		// The counter is used up (or was observed past the bound): move
		// on a millisecond rather than wrap to a reading that orders first.
		c.last = Timestamp{Wall: c.last.Wall + 1, Device: c.device}
	default:
		c.last = Timestamp{Wall: c.last.Wall, Counter: c.last.Counter + 1, Device: c.device}
	}
	return c.last
}

// Observe moves the clock past t, so the next reading orders after it.
func (c *Clock) Observe(t Timestamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Wall > c.last.Wall || (t.Wall == c.last.Wall && t.Counter > c.last.Counter) {
		c.last = Timestamp{Wall: t.Wall, Counter: t.Counter, Device: c.device}
	}
}

// Wall reads the wall clock the readings start from, in Unix ms.
func (c *Clock) Wall() int64 { return c.now().UnixMilli() }

// SetBack moves the clock back to t when it is past it. Only for a clock
// that ran ahead of the right time (a device whose date was wrong) and
// whose readings past t nobody else has taken: see storage's Restamp.
func (c *Clock) SetBack(t Timestamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Wall < c.last.Wall || (t.Wall == c.last.Wall && t.Counter < c.last.Counter) {
		c.last = Timestamp{Wall: t.Wall, Counter: t.Counter, Device: c.device}
	}
}

// Last returns the most recent reading or observation.
func (c *Clock) Last() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}
