package pagination

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func pages(t *testing.T, data [][]int, errAt int) (Fetch[int], *int) {
	t.Helper()
	calls := 0
	return func(ctx context.Context) ([]int, bool, error) {
		calls++
		if calls-1 == errAt {
			return nil, false, errors.New("boom")
		}
		p := data[calls-1]
		return p, calls < len(data), nil
	}, &calls
}

func TestIterWalksEveryPageLazily(t *testing.T) {
	fetch, calls := pages(t, [][]int{{1, 2}, {3}, {4, 5}}, -1)
	it := NewIter(context.Background(), fetch)
	if *calls != 0 {
		t.Fatal("NewIter must not fetch")
	}
	var got []int
	for it.Next() {
		got = append(got, it.Current())
		if it.Current() == 2 && *calls != 1 {
			t.Fatalf("page 2 fetched before page 1 was used up (%d calls)", *calls)
		}
	}
	if it.Err() != nil || fmt.Sprint(got) != "[1 2 3 4 5]" || *calls != 3 {
		t.Fatalf("got %v err %v calls %d", got, it.Err(), *calls)
	}
}

func TestIterStopsOnErrorAndEmptyPage(t *testing.T) {
	fetch, _ := pages(t, [][]int{{1}, nil}, 1)
	var got []int
	var errs []error
	for v, err := range NewIter(context.Background(), fetch).All() {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v)
	}
	if fmt.Sprint(got) != "[1]" || len(errs) != 1 {
		t.Fatalf("got %v errs %v", got, errs)
	}
	loop := func(ctx context.Context) ([]int, bool, error) { return nil, true, nil }
	if it := NewIter(context.Background(), loop); it.Next() || it.Err() != nil {
		t.Fatal("an empty page that claims more must end the walk")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if it := NewIter(ctx, loop); it.Next() || !errors.Is(it.Err(), context.Canceled) {
		t.Fatalf("cancelled: %v", it.Err())
	}
}
