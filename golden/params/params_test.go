package params_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sdkgen/sdkgen/golden/params"
	"github.com/sdkgen/sdkgen/golden/params/option"
)

func TestEveryParameterStyle(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	client := params.NewClient(option.WithBaseURL(srv.URL))
	err := client.Search.Search(context.Background(), params.SearchParams{
		Q:       "a&b",
		Filter:  map[string]string{"status": "open", "owner": "me"},
		IDs:     []int64{1, 2},
		Tags:    []string{"x", "y z"},
		Colors:  []string{"red", "blue"},
		Since:   params.Value(params.Time{Time: time.Date(2024, 1, 15, 14, 30, 0, 0, time.UTC)}),
		XFlag:   params.Bool(false),
		Session: params.String("s1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	// form (default, explode), deepObject, spaceDelimited, pipeDelimited;
	// each item escaped on its own, delimiters literal.
	want := "colors=red&colors=blue&filter%5Bowner%5D=me&filter%5Bstatus%5D=open&q=a%26b&since=2024-01-15T14%3A30%3A00Z&ids=1%202&tags=x|y+z"
	if got.URL.RawQuery != want {
		t.Errorf("query\n got %s\nwant %s", got.URL.RawQuery, want)
	}
	if v := got.URL.Query()["colors"]; len(v) != 2 || v[0] != "red" || v[1] != "blue" {
		t.Errorf("colors %v: order must be kept", v)
	}
	if got.Header.Get("X-Flag") != "false" {
		t.Errorf("X-Flag %q: a boolean set to false is sent", got.Header.Get("X-Flag"))
	}
	if c, err := got.Cookie("session"); err != nil || c.Value != "s1" {
		t.Errorf("session cookie %v %v", c, err)
	}
}

func TestUnsetOptionalParametersAreLeftOut(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	if err := params.NewClient(option.WithBaseURL(srv.URL)).Search.Search(context.Background(), params.SearchParams{Q: ""}); err != nil {
		t.Fatal(err)
	}
	if got.URL.RawQuery != "q=" || got.Header.Get("X-Flag") != "" || len(got.Cookies()) != 0 {
		t.Errorf("query %q header %q cookies %v: only the required q is sent, even empty", got.URL.RawQuery, got.Header.Get("X-Flag"), got.Cookies())
	}
}

func TestDownloadReturnsTheBytes(t *testing.T) {
	payload := []byte{0, 1, 2, 0xff, '\n', 'z'}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.EscapedPath() != "/files/a%2Fb/content" {
			t.Errorf("path %s", r.URL.EscapedPath())
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(payload)
	}))
	defer srv.Close()
	b, err := params.NewClient(option.WithBaseURL(srv.URL)).Files.DownloadFile(context.Background(), "a/b")
	if err != nil || !bytes.Equal(b, payload) {
		t.Fatalf("download %v %v", b, err)
	}
}

func TestAuthSchemes(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	t.Setenv("PARAMS_QUERY_KEY", "from-env")
	client := params.NewClient(option.WithBaseURL(srv.URL), option.WithBasic("ann:s3cret"), option.WithCookieKey("c00kie"))
	if err := client.Search.Search(context.Background(), params.SearchParams{Q: "x"}); err != nil {
		t.Fatal(err)
	}
	if user, pass, ok := got.BasicAuth(); !ok || user != "ann" || pass != "s3cret" {
		t.Errorf("basic auth %q %q %v", user, pass, ok)
	}
	if got.URL.Query().Get("api_key") != "from-env" {
		t.Errorf("query key %q: NewClient reads PARAMS_QUERY_KEY", got.URL.Query().Get("api_key"))
	}
	if c, err := got.Cookie("auth"); err != nil || c.Value != "c00kie" {
		t.Errorf("cookie key %v %v", c, err)
	}
	// A per-call option replaces the client's credential.
	if err := client.Search.Search(context.Background(), params.SearchParams{Q: "x"}, option.WithQueryKey("per-call")); err != nil {
		t.Fatal(err)
	}
	if got.URL.Query().Get("api_key") != "per-call" {
		t.Errorf("query key %q, want the call's", got.URL.Query().Get("api_key"))
	}
}

func TestServerVariablesGiveTheDefaultURL(t *testing.T) {
	var host, path string
	client := params.NewClient(option.WithMiddleware(func(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		host, path = r.URL.Host, r.URL.Path
		return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody, Request: r}, nil
	}))
	if err := client.Search.Search(context.Background(), params.SearchParams{Q: "x"}); err != nil {
		t.Fatal(err)
	}
	if host != "eu.params.example.com" || path != "/v2/search" {
		t.Fatalf("request went to %s%s, want the server variables' defaults", host, path)
	}
}
