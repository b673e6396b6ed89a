package requestconfig

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sdkgen/sdkgen/templates/runtime/internal/apierror"
)

func withBase(url string) Option {
	return func(c *Config) error { c.BaseURL = url; return nil }
}

func fast() Option { return WithRetryBackoff(time.Millisecond, 2*time.Millisecond) }

func TestExpandPath(t *testing.T) {
	tests := []struct {
		tmpl    string
		values  []any
		want    string
		wantErr string
	}{
		{"/pets/{petId}", []any{"42"}, "/pets/42", ""},
		{"/pets/{petId}/toys/{toyId}", []any{int64(7), "a b"}, "/pets/7/toys/a%20b", ""},
		{"/files/{name}", []any{"../../admin"}, "/files/..%2F..%2Fadmin", ""},
		{"/files/{name}", []any{".."}, "/files/%2E%2E", ""},
		{"/files/{name}", []any{"."}, "/files/%2E", ""},
		{"/pets/{petId}", []any{""}, "", "missing required path parameter petId"},
		{"/pets", []any{"x"}, "", "fewer parameters"},
	}
	for _, tt := range tests {
		got, err := ExpandPath(tt.tmpl, tt.values...)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ExpandPath(%q, %v) error = %v, want %q", tt.tmpl, tt.values, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ExpandPath(%q, %v) = %q, %v; want %q", tt.tmpl, tt.values, got, err, tt.want)
		}
	}
}

func TestAddQueryStyles(t *testing.T) {
	limit := int64(10)
	var nilPtr *int64
	r := NewRequest("GET", "/x")
	r.AddQuery("limit", &limit, Form, true)
	r.AddQuery("skip", nilPtr, Form, true)
	r.AddQuery("tags", []string{"a", "b"}, Form, true)
	r.AddQuery("ids", []int{1, 2}, Form, false)
	r.AddQuery("sp", []string{"x", "y"}, SpaceDelimited, false)
	r.AddQuery("pp", []string{"x", "y"}, PipeDelimited, false)
	r.AddQuery("filter", map[string]string{"b": "2", "a": "1"}, DeepObject, true)
	r.AddQuery("flag", false, Form, true)
	r.AddQuery("commas", []string{"a,b", "c"}, Form, false)
	got := joinQuery(r.Query.Encode(), r.rawQuery)
	want := "filter%5Ba%5D=1&filter%5Bb%5D=2&flag=false&limit=10&tags=a&tags=b&ids=1,2&sp=x%20y&pp=x|y&commas=a%2Cb,c"
	if got != want {
		t.Fatalf("query = %s\nwant    %s", got, want)
	}
}

func TestDoDecodesJSONAndSendsBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.URL.Path != "/v1/pets" || string(b) != `{"name":"rex","stream":true}` || r.Header.Get("Accept") != "application/json" {
			t.Errorf("got %s %s body %s accept %q", r.Method, r.URL.Path, b, r.Header.Get("Accept"))
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id": 1, "name": "rex"}`)
	}))
	defer srv.Close()
	req := NewRequest("POST", "/pets")
	req.Body = struct {
		Name string `json:"name"`
	}{"rex"}
	req.BodyFields = map[string]any{"stream": true}
	var out struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
	}
	if err := Do(context.Background(), req, &out, []Option{withBase(srv.URL + "/v1/")}); err != nil {
		t.Fatal(err)
	}
	if out.ID != 1 || out.Name != "rex" {
		t.Fatalf("decoded %+v", out)
	}
}

func TestRetriesReuseIdempotencyKeyAndHonourRetryAfter(t *testing.T) {
	var mu sync.Mutex
	var keys []string
	var calls int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		b, _ := io.ReadAll(r.Body)
		if string(b) != `{"a":1}` {
			t.Errorf("attempt %d body %q", calls, b)
		}
		switch calls {
		case 1:
			w.Header().Set("Retry-After-Ms", "5")
			w.WriteHeader(http.StatusTooManyRequests)
		case 2:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			io.WriteString(w, `{}`)
		}
	}))
	defer srv.Close()
	req := NewRequest("POST", "/x")
	req.Body = map[string]int{"a": 1}
	if err := Do(context.Background(), req, nil, []Option{withBase(srv.URL), fast()}); err != nil {
		t.Fatal(err)
	}
	if calls != 3 {
		t.Fatalf("calls = %d, want 3", calls)
	}
	if keys[0] == "" || keys[0] != keys[1] || keys[1] != keys[2] {
		t.Fatalf("idempotency keys differ between attempts: %q", keys)
	}
}

func TestNoRetryOn4xxAndTypedError(t *testing.T) {
	var calls int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("X-Request-Id", "req_123")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"message":"no such pet","code":"not_found"}}`)
	}))
	defer srv.Close()
	type notFound struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	req := NewRequest("GET", "/pets/1")
	req.ErrorTypes = map[string]func() any{"4XX": func() any { return new(notFound) }}
	err := Do(context.Background(), req, nil, []Option{withBase(srv.URL), fast()})
	var apiErr *apierror.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *apierror.Error", err)
	}
	if calls != 1 || apiErr.StatusCode != 404 || apiErr.Message != "no such pet" || apiErr.Code != "not_found" || apiErr.RequestID != "req_123" {
		t.Fatalf("calls=%d err=%+v", calls, apiErr)
	}
	if p, ok := apiErr.Parsed.(*notFound); !ok || p.Error.Code != "not_found" {
		t.Fatalf("Parsed = %#v", apiErr.Parsed)
	}
	if !strings.Contains(err.Error(), "GET /pets/1: 404 Not Found: no such pet (request ID req_123)") {
		t.Fatalf("message %q", err.Error())
	}
}

func TestRetriesExhausted(t *testing.T) {
	var calls int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	err := Do(context.Background(), NewRequest("GET", "/"), nil, []Option{withBase(srv.URL), fast(), func(c *Config) error { c.MaxRetries = 3; return nil }})
	var apiErr *apierror.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 502 || calls != 4 {
		t.Fatalf("calls=%d err=%v", calls, err)
	}
}

func TestConnectionErrorIsRetriedThenReturned(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	err := Do(context.Background(), NewRequest("GET", "/"), nil, []Option{withBase(url), fast()})
	var apiErr *apierror.Error
	if err == nil || errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want a transport error", err)
	}
}

func TestContextCancelStopsRetryWait(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := Do(ctx, NewRequest("GET", "/"), nil, []Option{withBase(srv.URL)})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatal("the retry wait did not stop on context cancellation")
	}
}

func TestRequestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	err := Do(context.Background(), NewRequest("GET", "/"), nil, []Option{withBase(srv.URL), func(c *Config) error {
		c.RequestTimeout = 20 * time.Millisecond
		c.MaxRetries = 0
		return nil
	}})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a timeout", err)
	}
}

func TestHeaderInjectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("request with a CR/LF header value was sent")
	}))
	defer srv.Close()
	req := NewRequest("GET", "/")
	req.SetHeader("X-Name", "a\r\nX-Evil: 1")
	err := Do(context.Background(), req, nil, []Option{withBase(srv.URL)})
	if !errors.Is(err, errHeaderInjection) {
		t.Fatalf("err = %v", err)
	}
}

func TestAuthAndMiddlewareOrder(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer sk" || r.URL.Query().Get("key") != "q" || r.Header.Get("X-Trace") != "outer,inner" {
			t.Errorf("auth %q query %q trace %q", r.Header.Get("Authorization"), r.URL.RawQuery, r.Header.Get("X-Trace"))
		}
	}))
	defer srv.Close()
	mw := func(name string) Middleware {
		return func(r *http.Request, next MiddlewareNext) (*http.Response, error) {
			if v := r.Header.Get("X-Trace"); v != "" {
				name = v + "," + name
			}
			r.Header.Set("X-Trace", name)
			return next(r)
		}
	}
	opts := []Option{withBase(srv.URL), func(c *Config) error {
		c.Auth = []AuthScheme{{Setting: "api_key", Kind: "bearer"}, {Setting: "q", Kind: "query", Param: "key"}, {Setting: "unset", Kind: "header", Param: "X-Unset"}}
		c.Credentials["api_key"] = "sk"
		c.Credentials["q"] = "q"
		c.Middlewares = []Middleware{mw("outer"), mw("inner")}
		return nil
	}}
	if err := Do(context.Background(), NewRequest("GET", "/"), nil, opts); err != nil {
		t.Fatal(err)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		h    http.Header
		want time.Duration
		ok   bool
	}{
		{http.Header{"Retry-After-Ms": {"250"}}, 250 * time.Millisecond, true},
		{http.Header{"Retry-After": {"2"}}, 2 * time.Second, true},
		{http.Header{"Retry-After": {now.Add(3 * time.Second).Format(http.TimeFormat)}}, 3 * time.Second, true},
		{http.Header{"Retry-After": {"3600"}}, 0, false},
		{http.Header{"Retry-After": {"soon"}}, 0, false},
		{http.Header{}, 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.h, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%v) = %v, %v; want %v, %v", tt.h, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDebugLogRedactsCredentials(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	defer srv.Close()
	var log strings.Builder
	var cfgAuth []AuthScheme
	opts := []Option{withBase(srv.URL), func(c *Config) error {
		c.MaxRetries = 0
		c.Auth = []AuthScheme{{Setting: "k", Kind: "header", Param: "X-Secret"}, {Setting: "q", Kind: "query", Param: "token"}, {Setting: "b", Kind: "bearer"}}
		c.Credentials = map[string]string{"k": "sk-header", "q": "sk-query", "b": "sk-bearer"}
		cfgAuth = c.Auth
		c.Middlewares = append(c.Middlewares, DebugLog(&log, func() []AuthScheme { return cfgAuth }))
		return nil
	}}
	req := NewRequest("GET", "/x")
	req.AddQuery("page", 2, Form, true)
	req.SetHeader("X-Trace", "t1")
	_ = Do(context.Background(), req, nil, opts)
	out := log.String()
	for _, secret := range []string{"sk-header", "sk-query", "sk-bearer"} {
		if strings.Contains(out, secret) {
			t.Fatalf("debug log leaks %s:\n%s", secret, out)
		}
	}
	for _, want := range []string{"GET ", "/x?page=2&token=REDACTED", "418 I'm a teapot", "X-Trace: t1", "Authorization: REDACTED", "X-Secret: REDACTED"} {
		if !strings.Contains(out, want) {
			t.Fatalf("debug log lacks %q:\n%s", want, out)
		}
	}
}
