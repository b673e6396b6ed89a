// Package pagination holds the auto-paging iterator that list methods'
// ...AutoPaging twins return: it fetches one page at a time, as the caller
// consumes the items, and stops at the last page.
package pagination

import (
	"context"
	"iter"
)

// Fetch returns the next page's items and whether another page follows. The
// generated AutoPaging method supplies it: it calls the list method and
// moves its own cursor, offset or page number forward.
type Fetch[T any] func(ctx context.Context) (items []T, more bool, err error)

// Iter walks every item of every page. Use Next, Current and Err, or All.
type Iter[T any] struct {
	ctx   context.Context
	fetch Fetch[T]
	items []T
	i     int
	more  bool
	cur   T
	err   error
}

// NewIter returns an iterator that calls fetch for each page.
func NewIter[T any](ctx context.Context, fetch Fetch[T]) *Iter[T] {
	return &Iter[T]{ctx: ctx, fetch: fetch, more: true, i: -1}
}

// Next advances to the next item, fetching the next page when the current
// one is used up. It returns false at the end or on an error (see Err).
func (it *Iter[T]) Next() bool {
	for {
		if it.err != nil {
			return false
		}
		if it.i+1 < len(it.items) {
			it.i++
			it.cur = it.items[it.i]
			return true
		}
		if !it.more {
			return false
		}
		if err := it.ctx.Err(); err != nil {
			it.err = err
			return false
		}
		items, more, err := it.fetch(it.ctx)
		if err != nil {
			it.err = err
			return false
		}
		// An empty page ends the walk even if the server says there is
		// more: it could not move the cursor forward.
		it.items, it.i, it.more = items, -1, more && len(items) > 0
	}
}

// Current returns the item Next advanced to.
func (it *Iter[T]) Current() T { return it.cur }

// Err returns the error that ended the walk, or nil.
func (it *Iter[T]) Err() error { return it.err }

// All returns every item as a range-over-func iterator; an error is
// yielded once, last.
func (it *Iter[T]) All() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for it.Next() {
			if !yield(it.Current(), nil) {
				return
			}
		}
		if err := it.Err(); err != nil {
			var zero T
			yield(zero, err)
		}
	}
}
