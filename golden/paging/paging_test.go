package paging_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/sdkgen/sdkgen/golden/paging"
	"github.com/sdkgen/sdkgen/golden/paging/option"
)

// server serves h and records each request's query.
func server(t *testing.T, h func(q map[string][]string) string) (*paging.Client, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		io.WriteString(w, h(r.URL.Query()))
	}))
	t.Cleanup(srv.Close)
	return paging.NewClient(option.WithBaseURL(srv.URL), option.WithMaxRetries(0)), func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), queries...)
	}
}

func TestCursorPages(t *testing.T) {
	pages := map[string]string{
		"":   `{"data":[{"id":"f1"},{"id":"f2"}],"next_cursor":"c2"}`,
		"c2": `{"data":[{"id":"f3"}],"next_cursor":"c3"}`,
		"c3": `{"data":[{"id":"f4"}],"next_cursor":null}`,
	}
	client, queries := server(t, func(q map[string][]string) string { return pages[strings.Join(q["after"], "")] })
	it := client.Files.ListAutoPaging(context.Background(), paging.FileListParams{Limit: paging.Int(2)})
	var ids []string
	for it.Next() {
		ids = append(ids, it.Current().ID)
		if len(ids) == 2 && len(queries()) != 1 {
			t.Fatalf("page 2 fetched before page 1 was used up: %v", queries())
		}
	}
	if it.Err() != nil || strings.Join(ids, ",") != "f1,f2,f3,f4" {
		t.Fatalf("ids %v err %v", ids, it.Err())
	}
	if got := strings.Join(queries(), " "); got != "limit=2 after=c2&limit=2 after=c3&limit=2" {
		t.Fatalf("queries %q", got)
	}
}

func TestOffsetPages(t *testing.T) {
	lines := []string{"a", "b", "c", "d", "e"}
	client, queries := server(t, func(q map[string][]string) string {
		off, _ := strconv.Atoi(strings.Join(q["offset"], ""))
		end := min(off+2, len(lines))
		items := []string{}
		for _, l := range lines[min(off, len(lines)):end] {
			items = append(items, strconv.Quote(l))
		}
		return `{"items":[` + strings.Join(items, ",") + `]}`
	})
	var got []string
	for line, err := range client.Logs.ListAutoPaging(context.Background(), "p/1", paging.LogListParams{}).All() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, line)
	}
	if strings.Join(got, "") != "abcde" {
		t.Fatalf("lines %v", got)
	}
	if q := strings.Join(queries(), " "); q != " offset=2 offset=4 offset=5" {
		t.Fatalf("queries %q", q)
	}
}

func TestPageNumbersAndErrors(t *testing.T) {
	client, queries := server(t, func(q map[string][]string) string {
		switch strings.Join(q["page"], "") {
		case "", "1":
			return `{"users":[{"name":"ann"}]}`
		case "2":
			return `{"users":[{"name":"bob"}]}`
		}
		return `{"users":[]}`
	})
	var names []string
	for u, err := range client.Users.ListAutoPaging(context.Background(), paging.UserListParams{}).All() {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, u.Name)
	}
	if fmt.Sprint(names) != "[ann bob]" || strings.Join(queries(), " ") != " page=2 page=3" {
		t.Fatalf("names %v queries %q", names, queries())
	}

	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"error":{"message":"no"}}`)
	}))
	defer failing.Close()
	it := paging.NewClient(option.WithBaseURL(failing.URL)).Users.ListAutoPaging(context.Background(), paging.UserListParams{})
	if it.Next() {
		t.Fatal("Next on a failing first page")
	}
	if apiErr, ok := it.Err().(*paging.Error); !ok || apiErr.StatusCode != 403 {
		t.Fatalf("Err = %v", it.Err())
	}
}
