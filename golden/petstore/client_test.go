package petstore_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/sdkgen/sdkgen/golden/petstore"
	"github.com/sdkgen/sdkgen/golden/petstore/option"
	"github.com/sdkgen/sdkgen/internal/sdktest"
)

const onePet = `{"id":1,"name":"Rex"}`

// The base URL option points the client at the server, and the API key
// option sends the X-API-Key header the spec's security scheme names.
func TestBaseURLAndAPIKey(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, sdktest.ReplyJSON(200, `{"data":[{"id":1,"name":"Rex"}],"next_cursor":null}`))
	client := newClient(srv)

	list, err := client.Pets.ListPets(t.Context(), petstore.ListPetsParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Data) != 1 || list.Data[0].Name != "Rex" || list.Data[0].ID != 1 || list.NextCursor != nil {
		t.Errorf("ListPets = %+v", list)
	}
	got := rec.Only(t)
	if got.Method != "GET" || got.Path != "/v1/pets" {
		t.Errorf("request = %s %s, want GET /v1/pets", got.Method, got.Path)
	}
	if k := got.Header.Get("X-API-Key"); k != "test-key" {
		t.Errorf("X-API-Key = %q, want test-key", k)
	}
	if a := got.Header.Get("Accept"); a != "application/json" {
		t.Errorf("Accept = %q, want application/json", a)
	}
	if got.RawQuery != "" {
		t.Errorf("query = %q, want none for empty params", got.RawQuery)
	}
}

// NewClient reads PETSTORE_BASE_URL and PETSTORE_API_KEY_AUTH; options given
// to NewClient win over them.
func TestEnvironmentVariables(t *testing.T) {
	srv, rec := sdktest.Serve(t, sdktest.ReplyJSON(200, onePet))
	t.Setenv("PETSTORE_BASE_URL", srv.URL+"/env")
	t.Setenv("PETSTORE_API_KEY_AUTH", "env-key")

	if _, err := petstore.NewClient().Pets.ShowPetByID(t.Context(), "1"); err != nil {
		t.Fatal(err)
	}
	got := rec.All()[0]
	if got.Path != "/env/pets/1" {
		t.Errorf("path = %q, want /env/pets/1 (from PETSTORE_BASE_URL)", got.Path)
	}
	if k := got.Header.Get("X-API-Key"); k != "env-key" {
		t.Errorf("X-API-Key = %q, want env-key (from PETSTORE_API_KEY_AUTH)", k)
	}

	explicit := petstore.NewClient(option.WithBaseURL(srv.URL+"/opt"), option.WithAPIKeyAuth("opt-key"))
	if _, err := explicit.Pets.ShowPetByID(t.Context(), "1"); err != nil {
		t.Fatal(err)
	}
	got = rec.All()[1]
	if got.Path != "/opt/pets/1" || got.Header.Get("X-API-Key") != "opt-key" {
		t.Errorf("with options: path %q, key %q; want /opt/pets/1, opt-key (options win over the environment)",
			got.Path, got.Header.Get("X-API-Key"))
	}
}

// Without a key in the environment or the options, no X-API-Key header is
// sent (not an empty one).
func TestNoAPIKeyNoHeader(t *testing.T) {
	t.Setenv("PETSTORE_API_KEY_AUTH", "")
	srv, rec := sdktest.Serve(t, sdktest.ReplyJSON(200, onePet))
	client := petstore.NewClient(option.WithBaseURL(srv.URL))
	if _, err := client.Pets.ShowPetByID(t.Context(), "1"); err != nil {
		t.Fatal(err)
	}
	if v, ok := rec.Only(t).Header["X-Api-Key"]; ok {
		t.Errorf("X-API-Key sent as %q without any key configured", v)
	}
}

// A per-call option wins over the same client option, and does not change
// the client for later calls.
func TestPerCallOptionWins(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, sdktest.ReplyJSON(200, onePet))
	other, otherRec := sdktest.Serve(t, sdktest.ReplyJSON(200, onePet))
	client := newClient(srv, option.WithAPIKeyAuth("client-key"), option.WithHeader("X-Custom", "client"))

	_, err := client.Pets.ShowPetByID(t.Context(), "1",
		option.WithAPIKeyAuth("call-key"), option.WithHeader("X-Custom", "call"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Pets.ShowPetByID(t.Context(), "1"); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Pets.ShowPetByID(t.Context(), "1", option.WithBaseURL(other.URL)); err != nil {
		t.Fatal(err)
	}

	reqs := rec.All()
	if len(reqs) != 2 {
		t.Fatalf("first server got %d requests, want 2", len(reqs))
	}
	if k, h := reqs[0].Header.Get("X-API-Key"), reqs[0].Header.Get("X-Custom"); k != "call-key" || h != "call" {
		t.Errorf("per-call options: key %q, X-Custom %q; want call-key, call", k, h)
	}
	if k, h := reqs[1].Header.Get("X-API-Key"), reqs[1].Header.Get("X-Custom"); k != "client-key" || h != "client" {
		t.Errorf("after a per-call option: key %q, X-Custom %q; want the client's client-key, client", k, h)
	}
	if got := otherRec.Only(t); got.Path != "/pets/1" || got.Header.Get("X-API-Key") != "client-key" {
		t.Errorf("per-call base URL: path %q key %q", got.Path, got.Header.Get("X-API-Key"))
	}
}

// A 404 with the spec's Error body comes back as *petstore.Error with the
// status, the message, the raw body, the request ID and the body decoded
// into the generated error model.
func TestNotFoundIsTypedError(t *testing.T) {
	t.Parallel()
	const body = `{"code":404,"message":"no pet with ID 7"}`
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("X-Request-Id", "req_123")
		sdktest.WriteJSON(w, 404, body)
	})
	pet, err := newClient(srv).Pets.ShowPetByID(t.Context(), "7")
	if pet != nil {
		t.Errorf("pet = %+v, want nil with an error", pet)
	}
	var apiErr *petstore.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want *petstore.Error", err, err)
	}
	if apiErr.StatusCode != 404 {
		t.Errorf("StatusCode = %d, want 404", apiErr.StatusCode)
	}
	if apiErr.Message != "no pet with ID 7" {
		t.Errorf("Message = %q", apiErr.Message)
	}
	if apiErr.RequestID != "req_123" {
		t.Errorf("RequestID = %q, want req_123", apiErr.RequestID)
	}
	if !sameJSON(t, apiErr.Body, []byte(body)) {
		t.Errorf("Body = %q, want %q", apiErr.Body, body)
	}
	parsed, ok := apiErr.Parsed.(*petstore.ErrorModel)
	if !ok {
		t.Fatalf("Parsed = %T, want *petstore.ErrorModel", apiErr.Parsed)
	}
	if parsed.Code != 404 || parsed.Message != "no pet with ID 7" {
		t.Errorf("Parsed = %+v", parsed)
	}
}

// The default response of CreatePet declares the Error schema too: any
// non-2xx status decodes into it.
func TestDefaultErrorResponseIsParsed(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, sdktest.ReplyJSON(422, `{"code":1,"message":"name taken"}`))
	_, err := newClient(srv).Pets.CreatePet(t.Context(), petstore.CreatePetParams{Name: "Rex"})
	var apiErr *petstore.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *petstore.Error", err)
	}
	if p, ok := apiErr.Parsed.(*petstore.ErrorModel); !ok || p.Message != "name taken" || apiErr.StatusCode != 422 {
		t.Errorf("StatusCode %d, Parsed %#v", apiErr.StatusCode, apiErr.Parsed)
	}
}

// A 503 is retried; every attempt of the POST carries the same
// Idempotency-Key, and Retry-After-Ms is honoured.
func TestRetryOn503WithSameIdempotencyKey(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n < 2 {
			w.Header().Set("Retry-After-Ms", "1")
			sdktest.WriteJSON(w, 503, `{"code":503,"message":"busy"}`)
			return
		}
		sdktest.WriteJSON(w, 201, onePet)
	})
	var attempts int
	count := option.WithMiddleware(func(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		attempts++
		return next(r)
	})
	pet, err := newClient(srv, count).Pets.CreatePet(t.Context(), petstore.CreatePetParams{Name: "Rex"})
	if err != nil {
		t.Fatal(err)
	}
	if pet.ID != 1 {
		t.Errorf("pet = %+v", pet)
	}
	reqs := rec.All()
	if len(reqs) != 3 || attempts != 3 {
		t.Fatalf("server got %d requests, middleware saw %d; want 3 (two retries)", len(reqs), attempts)
	}
	key := reqs[0].Header.Get("Idempotency-Key")
	if key == "" {
		t.Fatal("POST sent without an Idempotency-Key")
	}
	for i, r := range reqs {
		if got := r.Header.Get("Idempotency-Key"); got != key {
			t.Errorf("attempt %d: Idempotency-Key %q, want %q as on the first", i, got, key)
		}
		if !sameJSON(t, r.Body, []byte(`{"name":"Rex"}`)) {
			t.Errorf("attempt %d: body %q", i, r.Body)
		}
	}
}

// When retries run out the last error is returned, typed.
func TestRetriesExhausted(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After-Ms", "0")
		sdktest.WriteJSON(w, 500, `{"code":500,"message":"down"}`)
	})
	_, err := newClient(srv, option.WithMaxRetries(1)).Pets.ShowPetByID(t.Context(), "1")
	var apiErr *petstore.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 {
		t.Fatalf("err = %v, want *petstore.Error with status 500", err)
	}
	if n := rec.Count(); n != 2 {
		t.Errorf("server got %d requests, want 2 (WithMaxRetries(1))", n)
	}
}

// A 400 is not retried.
func TestNoRetryOn400(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, sdktest.ReplyJSON(400, `{"code":400,"message":"bad name"}`))
	_, err := newClient(srv).Pets.CreatePet(t.Context(), petstore.CreatePetParams{Name: ""})
	var apiErr *petstore.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Message != "bad name" {
		t.Fatalf("err = %v, want *petstore.Error 400 bad name", err)
	}
	if n := rec.Count(); n != 1 {
		t.Errorf("server got %d requests, want 1 (400 is not retried)", n)
	}
}

// Cancelling the context of a call in flight returns an error that
// errors.Is context.Canceled, and is not retried.
func TestContextCancellation(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{}, 4)
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-t.Context().Done():
		}
	})
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-arrived
		cancel()
	}()
	done := make(chan error, 1)
	go func() {
		_, err := newClient(srv).Pets.ShowPetByID(ctx, "1")
		done <- err
	}()
	err := sdktest.WaitFor(t, done, "the cancelled call to return")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := rec.Count(); n != 1 {
		t.Errorf("server got %d requests, want 1 (a cancelled call is not retried)", n)
	}
}

// WithRequestTimeout bounds an attempt: a server that never answers gives
// an error that errors.Is context.DeadlineExceeded.
func TestRequestTimeout(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		select {
		case <-r.Context().Done():
		case <-t.Context().Done():
		}
	})
	done := make(chan error, 1)
	go func() {
		_, err := newClient(srv, option.WithRequestTimeout(50*time.Millisecond), option.WithMaxRetries(0)).
			Pets.ShowPetByID(t.Context(), "1")
		done <- err
	}()
	if err := sdktest.WaitFor(t, done, "the timed-out call"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

// WithHTTPClient's client sends the requests.
func TestWithHTTPClient(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, sdktest.ReplyJSON(200, onePet))
	var used bool
	hc := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		used = true
		return http.DefaultTransport.RoundTrip(r)
	})}
	if _, err := newClient(srv, option.WithHTTPClient(hc)).Pets.ShowPetByID(t.Context(), "1"); err != nil {
		t.Fatal(err)
	}
	if !used {
		t.Error("the client given to WithHTTPClient was not used")
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Connection errors, 408, 409, 429 and 5xx are retried; other statuses are
// not.
func TestRetriedStatuses(t *testing.T) {
	t.Parallel()
	for status, retried := range map[int]bool{
		408: true, 409: true, 429: true, 500: true, 502: true, 503: true, 504: true,
		400: false, 401: false, 403: false, 404: false, 422: false,
	} {
		srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, n int) {
			if n == 0 {
				w.Header().Set("Retry-After-Ms", "0")
				sdktest.WriteJSON(w, status, `{"code":1,"message":"first attempt"}`)
				return
			}
			sdktest.WriteJSON(w, 200, onePet)
		})
		_, err := newClient(srv).Pets.ShowPetByID(t.Context(), "1")
		if got := rec.Count() == 2; got != retried {
			t.Errorf("status %d: retried = %v, want %v", status, got, retried)
		}
		if (err == nil) != retried {
			t.Errorf("status %d: err = %v", status, err)
		}
	}
}

// A connection that drops before any response is retried, with the same
// Idempotency-Key.
func TestRetryOnConnectionError(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 0 {
			panic(http.ErrAbortHandler) // close the connection without answering
		}
		sdktest.WriteJSON(w, 201, onePet)
	})
	if _, err := newClient(srv).Pets.CreatePet(t.Context(), petstore.CreatePetParams{Name: "Rex"}); err != nil {
		t.Fatalf("CreatePet after a dropped connection: %v", err)
	}
	reqs := rec.All()
	if len(reqs) != 2 {
		t.Fatalf("server got %d requests, want 2", len(reqs))
	}
	if k := reqs[0].Header.Get("Idempotency-Key"); k == "" || reqs[1].Header.Get("Idempotency-Key") != k {
		t.Errorf("Idempotency-Key %q then %q", k, reqs[1].Header.Get("Idempotency-Key"))
	}
}

// The environment options and the default base URL (production) pick the
// spec's servers; a middleware sees every attempt and can answer it.
func TestEnvironmentOptions(t *testing.T) {
	t.Setenv("PETSTORE_BASE_URL", "")
	var seen []string
	fake := option.WithMiddleware(func(r *http.Request, _ option.MiddlewareNext) (*http.Response, error) {
		seen = append(seen, r.URL.String())
		rec := httptest.NewRecorder()
		sdktest.WriteJSON(rec, 200, onePet)
		res := rec.Result()
		res.Request = r
		return res, nil
	})
	if _, err := petstore.NewClient(fake).Pets.ShowPetByID(t.Context(), "1"); err != nil {
		t.Fatal(err)
	}
	if _, err := petstore.NewClient(fake, option.WithEnvironmentSandbox()).Pets.ShowPetByID(t.Context(), "1"); err != nil {
		t.Fatal(err)
	}
	want := []string{"https://pets.example.com/v1/pets/1", "https://sandbox.pets.example.com/v1/pets/1"}
	if !slices.Equal(seen, want) {
		t.Errorf("URLs = %q, want %q", seen, want)
	}
}

// The wait between attempts stops when the context is cancelled: a
// Retry-After of 30 seconds does not keep a cancelled call waiting.
func TestRetryWaitStopsOnCancel(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{}, 1)
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "30")
		sdktest.WriteJSON(w, 503, `{"code":503,"message":"busy"}`)
		arrived <- struct{}{}
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := newClient(srv).Pets.CreatePet(ctx, petstore.CreatePetParams{Name: "Rex"})
		done <- err
	}()
	sdktest.WaitFor(t, arrived, "the first attempt")
	cancel()
	if err := sdktest.WaitFor(t, done, "the call to stop waiting (the deadlock guard is well under 30s)"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := rec.Count(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}
