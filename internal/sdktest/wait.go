package sdktest

import (
	"testing"
	"time"
)

// Bound is how long WaitFor waits: generous, since it is a deadlock guard,
// not a timing assertion.
const Bound = 10 * time.Second

// WaitFor waits for ch to deliver or be closed, failing the test after
// Bound.
func WaitFor[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(Bound):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// Run calls f in a goroutine and waits for its result with a deadlock
// guard.
func Run[R any](t testing.TB, what string, f func() R) R {
	t.Helper()
	ch := make(chan R, 1)
	go func() { ch <- f() }()
	return WaitFor(t, ch, what)
}

// Stream is what the collectors need of a generated SDK's
// streaming.Stream[T].
type Stream[T any] interface {
	Next() bool
	Current() T
	Err() error
}

// Collect reads s to its end (with a deadlock guard) and returns the items
// and Err.
func Collect[T any](t testing.TB, s Stream[T]) ([]T, error) {
	t.Helper()
	return CollectFunc(t, s, func(v T) T { return v })
}

// CollectFunc reads s to its end (with a deadlock guard) and returns what
// f gave for each item, and Err.
func CollectFunc[T, R any](t testing.TB, s Stream[T], f func(T) R) ([]R, error) {
	t.Helper()
	type result struct {
		items []R
		err   error
	}
	r := Run(t, "the stream to end", func() result {
		var items []R
		for s.Next() {
			items = append(items, f(s.Current()))
		}
		return result{items, s.Err()}
	})
	return r.items, r.err
}

// Next calls s.Next with a deadlock guard.
func Next(t testing.TB, s interface{ Next() bool }) bool {
	t.Helper()
	return Run(t, "Next to return", s.Next)
}
