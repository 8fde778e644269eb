package marker_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/api/marker"
	"github.com/clio-history/clio/rubric/marking"
)

var shared = sync.OnceValues(func() (*marking.Service, error) {
	return marking.New(standard.Options{Limits: analysis.Limits{MaxBytes: 16 << 10}})
})

// counts is an Observer that remembers what it heard.
type counts struct {
	mu                                  sync.Mutex
	waiting, busy, shed, marked, failed int
	maxBusy                             int
}

func (c *counts) WaitStart() { c.mu.Lock(); c.waiting++; c.mu.Unlock() }
func (c *counts) WaitDone()  { c.mu.Lock(); c.waiting--; c.mu.Unlock() }
func (c *counts) Shed()      { c.mu.Lock(); c.shed++; c.mu.Unlock() }
func (c *counts) MarkStart() {
	c.mu.Lock()
	c.busy++
	c.maxBusy = max(c.maxBusy, c.busy)
	c.mu.Unlock()
}
func (c *counts) MarkDone(_ time.Duration, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.busy--
	if ok {
		c.marked++
	} else {
		c.failed++
	}
}

func (c *counts) snapshot() counts {
	c.mu.Lock()
	defer c.mu.Unlock()
	return counts{waiting: c.waiting, busy: c.busy, shed: c.shed, marked: c.marked, failed: c.failed, maxBusy: c.maxBusy}
}

const essay = "Stalin rose to power because he controlled the party as General Secretary."

// gate holds essays in their slot until opened, and says when one arrives.
type gate struct {
	arrived chan struct{}
	open    chan struct{}
}

func newGate() *gate { return &gate{arrived: make(chan struct{}, 64), open: make(chan struct{})} }

func (g *gate) hold(ctx context.Context) error {
	g.arrived <- struct{}{}
	select {
	case <-g.open:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func TestLimitIsShared(t *testing.T) {
	m, err := shared()
	require.NoError(t, err)
	obs, g := &counts{}, newGate()
	s := marker.New(m, marker.Config{Slots: 2, Wait: 30 * time.Millisecond, Observer: obs, Hold: g.hold})
	assert.Equal(t, 2, s.Slots())

	results := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := s.Mark(context.Background(), marking.Request{Text: essay})
			results <- err
		}()
	}
	<-g.arrived
	<-g.arrived
	assert.Equal(t, 2, obs.snapshot().busy, "both essays are in progress")

	// A third caller, through Do as a custom rubric would be, is shed.
	ran := false
	err = s.Do(context.Background(), func(context.Context) error { ran = true; return nil })
	assert.ErrorIs(t, err, marker.ErrBusy)
	assert.False(t, ran)
	got := obs.snapshot()
	assert.Equal(t, 1, got.shed)
	assert.Zero(t, got.waiting, "the shed essay no longer waits")

	close(g.open)
	for range 2 {
		require.NoError(t, <-results)
	}
	got = obs.snapshot()
	assert.Equal(t, 2, got.marked)
	assert.Zero(t, got.busy)
	assert.Equal(t, 2, got.maxBusy, "never more than the slots at once")
}

func TestWaitingEssayGetsTheFreedSlot(t *testing.T) {
	m, err := shared()
	require.NoError(t, err)
	obs, g := &counts{}, newGate()
	s := marker.New(m, marker.Config{Slots: 1, Wait: time.Minute, Observer: obs, Hold: g.hold})
	first := make(chan error, 1)
	go func() { _, err := s.Mark(context.Background(), marking.Request{Text: essay}); first <- err }()
	<-g.arrived
	second := make(chan error, 1)
	go func() { _, err := s.Mark(context.Background(), marking.Request{Text: essay}); second <- err }()
	require.Eventually(t, func() bool { return obs.snapshot().waiting == 1 }, 10*time.Second, time.Millisecond,
		"the second essay waits for the slot")
	close(g.open)
	require.NoError(t, <-first)
	require.NoError(t, <-second)
	got := obs.snapshot()
	assert.Equal(t, 2, got.marked)
	assert.Equal(t, 1, got.maxBusy)
	assert.Zero(t, got.shed)
}

func TestCancelledWhileWaiting(t *testing.T) {
	m, err := shared()
	require.NoError(t, err)
	obs, g := &counts{}, newGate()
	s := marker.New(m, marker.Config{Slots: 1, Wait: time.Minute, Observer: obs, Hold: g.hold})
	go func() { _, _ = s.Mark(context.Background(), marking.Request{Text: essay}) }()
	<-g.arrived
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := s.Mark(ctx, marking.Request{Text: essay}); done <- err }()
	require.Eventually(t, func() bool { return obs.snapshot().waiting == 1 }, 10*time.Second, time.Millisecond)
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled, "a client that goes away stops waiting")
	assert.Zero(t, obs.snapshot().shed, "and is not counted as shed")
	close(g.open)
}

func TestTimeoutAndFailuresCounted(t *testing.T) {
	m, err := shared()
	require.NoError(t, err)
	obs := &counts{}
	s := marker.New(m, marker.Config{Slots: 1, Timeout: 20 * time.Millisecond, Observer: obs})
	err = s.Do(context.Background(), func(ctx context.Context) error {
		<-ctx.Done()
		return ctx.Err()
	})
	assert.ErrorIs(t, err, context.DeadlineExceeded, "an essay is given at most Timeout in its slot")
	boom := errors.New("boom")
	assert.ErrorIs(t, s.Do(context.Background(), func(context.Context) error { return boom }), boom)
	_, err = s.Mark(context.Background(), marking.Request{Text: "   "})
	assert.Error(t, err, "an empty essay is refused by the marking service")
	got := obs.snapshot()
	assert.Equal(t, 3, got.failed)
	assert.Zero(t, got.busy)
	rep, err := s.Mark(context.Background(), marking.Request{Text: essay})
	require.NoError(t, err)
	assert.Positive(t, rep.MaxMark)
	assert.Equal(t, 1, obs.snapshot().marked)
}
