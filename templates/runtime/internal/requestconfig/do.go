package requestconfig

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sdkgen/sdkgen/templates/runtime/internal/apierror"
)

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 1 << 20

// Do sends req with the options' settings, retrying where that is safe, and
// decodes a 2xx JSON body into dst (nil to discard it). A non-2xx status is
// returned as *apierror.Error.
func Do(ctx context.Context, req *Request, dst any, opts []Option) error {
	cfg, err := NewConfig(opts)
	if err != nil {
		return err
	}
	resp, cancel, err := Send(ctx, cfg, req, false)
	if err != nil {
		return err
	}
	defer cancel()
	defer resp.Body.Close()
	return decode(resp, dst)
}

// Send performs req: builds the HTTP request once, then attempts it up to
// cfg.MaxRetries+1 times. On success it returns the open 2xx response and a
// function that releases the attempt's timer; the caller reads and closes
// the body. With stream set, the request timeout stops at the headers.
func Send(ctx context.Context, cfg *Config, req *Request, stream bool) (*http.Response, context.CancelFunc, error) {
	if req.err != nil {
		return nil, nil, req.err
	}
	body, contentType, err := encodeBody(req)
	if err != nil {
		return nil, nil, err
	}
	idempotencyKey := ""
	if req.Method != http.MethodGet && req.Method != http.MethodHead && cfg.IdempotencyHeader != "" {
		idempotencyKey = newIdempotencyKey()
	}
	for attempt := 0; ; attempt++ {
		httpReq, err := build(ctx, cfg, req, body, contentType, idempotencyKey)
		if err != nil {
			return nil, nil, err
		}
		resp, cancel, err := attemptOnce(ctx, cfg, httpReq, stream)
		retry, wait := shouldRetry(cfg, attempt, resp, err)
		if !retry {
			if err != nil {
				return nil, nil, err
			}
			if resp.StatusCode < 200 || resp.StatusCode > 299 {
				defer cancel()
				return nil, nil, newAPIError(httpReq, resp, req.ErrorTypes)
			}
			return resp, cancel, nil
		}
		if resp != nil {
			// Drain a little so the connection can be reused, then close.
			_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
			resp.Body.Close()
		}
		if cancel != nil {
			cancel()
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, nil, err
		}
	}
}

// attemptOnce sends one attempt through the middlewares. The request timeout
// covers the attempt up to the headers for a stream, and up to the end of
// the body otherwise (the returned cancel ends it).
func attemptOnce(ctx context.Context, cfg *Config, httpReq *http.Request, stream bool) (*http.Response, context.CancelFunc, error) {
	attemptCtx, cancel := context.WithCancel(ctx)
	var timer *time.Timer
	if cfg.RequestTimeout > 0 {
		timer = time.AfterFunc(cfg.RequestTimeout, cancel)
	}
	httpReq = httpReq.WithContext(attemptCtx)
	next := func(r *http.Request) (*http.Response, error) { return cfg.HTTPClient.Do(r) }
	for i := len(cfg.Middlewares) - 1; i >= 0; i-- {
		mw, inner := cfg.Middlewares[i], next
		next = func(r *http.Request) (*http.Response, error) { return mw(r, inner) }
	}
	resp, err := next(httpReq)
	if err != nil {
		cancel()
		if timer != nil && !timer.Stop() && ctx.Err() == nil {
			return nil, nil, fmt.Errorf("request timed out after %s: %w", cfg.RequestTimeout, context.DeadlineExceeded)
		}
		return nil, nil, err
	}
	if stream && timer != nil {
		timer.Stop()
	}
	return resp, func() {
		if timer != nil {
			timer.Stop()
		}
		cancel()
	}, nil
}

// build makes the *http.Request for one attempt.
func build(ctx context.Context, cfg *Config, req *Request, body []byte, contentType, idempotencyKey string) (*http.Request, error) {
	if cfg.BaseURL == "" {
		return nil, errors.New("no base URL: pass option.WithBaseURL or an environment option")
	}
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/") + "/" + strings.TrimLeft(req.Path, "/"))
	if err != nil {
		return nil, fmt.Errorf("base URL: %w", err)
	}
	q := u.Query()
	for k, vs := range cfg.Query {
		q[k] = append(q[k], vs...)
	}
	for k, vs := range req.Query {
		q[k] = append(q[k], vs...)
	}
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	httpReq, err := http.NewRequestWithContext(ctx, req.Method, u.String(), reader)
	if err != nil {
		return nil, err
	}
	accept := req.Accept
	if accept == "" {
		accept = "application/json"
	}
	httpReq.Header.Set("Accept", accept)
	if body != nil {
		httpReq.Header.Set("Content-Type", contentType)
	}
	if idempotencyKey != "" {
		httpReq.Header.Set(cfg.IdempotencyHeader, idempotencyKey)
	}
	// Options' headers first, then the request's own: a parameter, or the
	// Last-Event-ID of a reconnection, is more specific than a client-wide
	// header.
	for k, vs := range cfg.Header {
		httpReq.Header[k] = vs
	}
	for k, vs := range req.Header {
		httpReq.Header[k] = vs
	}
	for _, c := range req.cookies {
		httpReq.AddCookie(c)
	}
	applyAuth(cfg, httpReq, q)
	httpReq.URL.RawQuery = joinQuery(q.Encode(), req.rawQuery)
	if err := checkHeaders(httpReq.Header); err != nil {
		return nil, err
	}
	return httpReq, nil
}

// joinQuery appends pre-encoded parameters (delimited arrays) to an
// encoded query.
func joinQuery(encoded string, raw []string) string {
	parts := make([]string, 0, len(raw)+1)
	if encoded != "" {
		parts = append(parts, encoded)
	}
	return strings.Join(append(parts, raw...), "&")
}

// applyAuth sends every credential that is set, the way its scheme says.
func applyAuth(cfg *Config, r *http.Request, q url.Values) {
	for _, a := range cfg.Auth {
		v := cfg.Credentials[a.Setting]
		if v == "" {
			continue
		}
		switch a.Kind {
		case "bearer":
			r.Header.Set("Authorization", "Bearer "+v)
		case "basic":
			user, pass, _ := strings.Cut(v, ":")
			r.SetBasicAuth(user, pass)
		case "header":
			r.Header.Set(a.Param, v)
		case "query":
			q.Set(a.Param, v)
		case "cookie":
			r.AddCookie(&http.Cookie{Name: a.Param, Value: v})
		}
	}
}

// encodeBody renders the body once, so every attempt sends the same bytes,
// and returns it with its content type.
func encodeBody(req *Request) ([]byte, string, error) {
	switch req.Encoding {
	case EncodingForm:
		b, err := encodeForm(req.Body, req.BodyFields)
		return b, "application/x-www-form-urlencoded", err
	case EncodingMultipart:
		return encodeMultipart(req.Body, req.BodyFields)
	}
	if req.Body == nil && req.BodyFields == nil {
		if req.RawBody == nil {
			return nil, "", nil
		}
		b, err := io.ReadAll(req.RawBody)
		if err != nil {
			return nil, "", fmt.Errorf("reading request body: %w", err)
		}
		ct := req.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		return b, ct, nil
	}
	var body []byte
	if req.Body != nil {
		b, err := json.Marshal(req.Body)
		if err != nil {
			return nil, "", fmt.Errorf("encoding request body: %w", err)
		}
		body = b
	}
	if len(req.BodyFields) == 0 {
		return body, "application/json", nil
	}
	obj := map[string]json.RawMessage{}
	if len(body) > 0 && string(body) != "null" {
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, "", fmt.Errorf("request body is not a JSON object: %w", err)
		}
	}
	for k, v := range req.BodyFields {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, "", err
		}
		obj[k] = b
	}
	b, err := json.Marshal(obj)
	return b, "application/json", err
}

// decode reads a 2xx body into dst.
func decode(resp *http.Response, dst any) error {
	if dst == nil {
		_, err := io.Copy(io.Discard, resp.Body)
		return err
	}
	if raw, ok := dst.(*[]byte); ok {
		b, err := io.ReadAll(resp.Body)
		*raw = b
		return err
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, dst); err != nil {
		// Servers label JSON loosely (text/plain, text/html), so the content
		// type only matters to explain a body that is not JSON.
		if ct := resp.Header.Get("Content-Type"); ct != "" {
			if mt, _, _ := mime.ParseMediaType(ct); !strings.Contains(mt, "json") {
				return fmt.Errorf("decoding %s response: the body is %s, not JSON: %w", resp.Request.URL.Path, ct, err)
			}
		}
		return fmt.Errorf("decoding %s response: %w", resp.Request.URL.Path, err)
	}
	return nil
}

// newAPIError reads (a bounded part of) an error response into *apierror.Error.
func newAPIError(req *http.Request, resp *http.Response, types map[string]func() any) error {
	e := apierror.FromResponse(resp, maxErrorBody)
	e.Request = req
	if newT := errorType(types, resp.StatusCode); newT != nil {
		v := newT()
		if json.Unmarshal(e.Body, v) == nil {
			e.Parsed = v
		}
	}
	return e
}

// errorType finds the declared error type for status: exact, then NXX,
// then default.
func errorType(types map[string]func() any, status int) func() any {
	if types == nil {
		return nil
	}
	code := fmt.Sprint(status)
	for _, k := range []string{code, code[:1] + "XX", "default"} {
		if f, ok := types[k]; ok {
			return f
		}
	}
	return nil
}

func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "sdkgen-retry-" + hex.EncodeToString(b[:])
}
