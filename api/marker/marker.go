package marker

import (
	"context"
	"errors"
	"runtime"
	"time"

	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/marking"
)

// Defaults for Config's zero values.
const (
	DefaultWait = 2 * time.Second
	// DefaultTimeout bounds the marking of one essay once it has a slot; an
	// essay that takes longer is abandoned rather than holding the slot.
	DefaultTimeout = 30 * time.Second
)

// ErrBusy is returned when every slot stayed busy for the whole wait: the
// essay is refused (shed) rather than queued without bound. Entry points
// answer it with "try again shortly" (503 and Retry-After in the API).
var ErrBusy = errors.New("marker: every marking slot stayed busy")

// Observer hears about every essay, for the server's metrics. Its methods
// must be safe for concurrent use and quick.
type Observer interface {
	// WaitStart and WaitDone bracket an essay's wait for a slot.
	WaitStart()
	WaitDone()
	// Shed counts an essay refused with ErrBusy.
	Shed()
	// MarkStart and MarkDone bracket the marking itself, in a slot.
	MarkStart()
	MarkDone(d time.Duration, ok bool)
}

// Config sets the limit.
type Config struct {
	// Slots is how many essays are marked at once (default GOMAXPROCS*2).
	Slots int
	// Wait is how long an essay waits for a slot before ErrBusy (default
	// DefaultWait).
	Wait time.Duration
	// Timeout bounds one essay's marking (default DefaultTimeout).
	Timeout time.Duration
	// Observer, when set, hears about every essay.
	Observer Observer
	// Hold, when set, is called once an essay has its slot and is counted
	// as in progress, before it is marked. Only tests set it, to hold
	// essays in flight deterministically instead of guessing from the
	// machine's speed.
	Hold func(context.Context) error
}

// Service marks essays within the limit. Safe for concurrent use; share one
// among every entry point of a server.
type Service struct {
	m     *marking.Service
	cfg   Config
	slots chan struct{}
}

// New puts m behind the limit in cfg.
func New(m *marking.Service, cfg Config) *Service {
	if cfg.Slots <= 0 {
		cfg.Slots = runtime.GOMAXPROCS(0) * 2
	}
	if cfg.Wait <= 0 {
		cfg.Wait = DefaultWait
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Observer == nil {
		cfg.Observer = nopObserver{}
	}
	return &Service{m: m, cfg: cfg, slots: make(chan struct{}, cfg.Slots)}
}

// Rubrics are the built-in rubrics the service marks against.
func (s *Service) Rubrics() *rubric.Set { return s.m.Rubrics() }

// Engine is the analysis engine, for its topic library and for marking
// against a rubric the service does not hold (through Do).
func (s *Service) Engine() *standard.Engine { return s.m.Engine() }

// Slots is the limit on essays marked at once.
func (s *Service) Slots() int { return s.cfg.Slots }

// Mark marks one essay within the limit.
func (s *Service) Mark(ctx context.Context, req marking.Request) (*rubric.Report, error) {
	var rep *rubric.Report
	err := s.Do(ctx, func(ctx context.Context) error {
		var err error
		rep, err = s.m.Mark(ctx, req)
		return err
	})
	return rep, err
}

// Do runs fn, the marking of one essay, in a slot: it waits for a slot at
// most Wait (ErrBusy after that), counts the essay as in progress, and gives
// fn a context that ends after Timeout.
func (s *Service) Do(ctx context.Context, fn func(context.Context) error) error {
	release, err := s.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	began := time.Now()
	s.cfg.Observer.MarkStart()
	if s.cfg.Hold != nil {
		if err := s.cfg.Hold(ctx); err != nil {
			s.cfg.Observer.MarkDone(time.Since(began), false)
			return err
		}
	}
	err = fn(ctx)
	s.cfg.Observer.MarkDone(time.Since(began), err == nil)
	return err
}

// acquire takes a slot, waiting at most Wait.
func (s *Service) acquire(ctx context.Context) (func(), error) {
	release := func() { <-s.slots }
	select {
	case s.slots <- struct{}{}:
		return release, nil
	default:
	}
	s.cfg.Observer.WaitStart()
	defer s.cfg.Observer.WaitDone()
	t := time.NewTimer(s.cfg.Wait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return release, nil
	case <-t.C:
		s.cfg.Observer.Shed()
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type nopObserver struct{}

func (nopObserver) WaitStart()                   {}
func (nopObserver) WaitDone()                    {}
func (nopObserver) Shed()                        {}
func (nopObserver) MarkStart()                   {}
func (nopObserver) MarkDone(time.Duration, bool) {}
