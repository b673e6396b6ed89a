package acme_test

import (
	"context"
	"net/http"
	"testing"

	acme "github.com/sdkgen/sdkgen/golden/chat"
	"github.com/sdkgen/sdkgen/golden/chat/option"
	"github.com/sdkgen/sdkgen/internal/sdktest"
)

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	return ctx, cancel
}

// Models.List and Models.Retrieve decode their responses, ignoring fields
// the SDK does not know; the path parameter is escaped.
func TestModelsListAndRetrieve(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/v1/models" {
			sdktest.WriteJSON(w, 200, `{"object":"list","data":[{"id":"gpt-x","owned_by":"acme","created":1},{"id":"gpt-y"}]}`)
			return
		}
		sdktest.WriteJSON(w, 200, `{"id":"gpt-x","owned_by":"acme","object":"model"}`)
	})
	client := newClient(srv)

	list, err := client.Models.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Data) != 2 || list.Data[0].ID != "gpt-x" || list.Data[0].OwnedBy != "acme" || list.Data[1].ID != "gpt-y" {
		t.Errorf("List = %+v", list)
	}
	model, err := client.Models.Retrieve(t.Context(), "gpt-x")
	if err != nil {
		t.Fatal(err)
	}
	if model.ID != "gpt-x" || model.OwnedBy != "acme" {
		t.Errorf("Retrieve = %+v", model)
	}
	if _, err := client.Models.Retrieve(t.Context(), "org/model"); err != nil {
		t.Fatal(err)
	}

	reqs := rec.All()
	for i, want := range []string{"/v1/models", "/v1/models/gpt-x", "/v1/models/org%2Fmodel"} {
		if reqs[i].Method != "GET" || reqs[i].Path != want {
			t.Errorf("request %d = %s %s, want GET %s", i, reqs[i].Method, reqs[i].Path, want)
		}
		if reqs[i].Header.Get("Accept") != "application/json" || reqs[i].Header.Get("Authorization") != "Bearer test-key" {
			t.Errorf("request %d headers %v", i, reqs[i].Header)
		}
		if k := reqs[i].Header.Get("Idempotency-Key"); k != "" {
			t.Errorf("request %d: a GET carries Idempotency-Key %q", i, k)
		}
	}
}

// An empty model ID is an error before any request.
func TestModelsRetrieveEmptyID(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) { sdktest.WriteJSON(w, 200, `{"id":""}`) })
	if m, err := newClient(srv).Models.Retrieve(t.Context(), ""); err == nil {
		t.Errorf("Retrieve(\"\") = %+v, nil; want an error", m)
	}
	if n := rec.Count(); n != 0 {
		t.Errorf("server got %d requests, want none", n)
	}
}

// NewClient reads ACME_BASE_URL and ACME_API_KEY (sent as a bearer token);
// options win over them, per-call options over client options.
func TestEnvironmentAndOptionPrecedence(t *testing.T) {
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) { sdktest.WriteJSON(w, 200, `{"data":[]}`) })
	t.Setenv("ACME_BASE_URL", srv.URL+"/env")
	t.Setenv("ACME_API_KEY", "env-key")

	if _, err := acme.NewClient().Models.List(t.Context()); err != nil {
		t.Fatal(err)
	}
	client := acme.NewClient(option.WithAPIKey("client-key"))
	if _, err := client.Models.List(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Models.List(t.Context(), option.WithAPIKey("call-key"), option.WithBaseURL(srv.URL+"/call")); err != nil {
		t.Fatal(err)
	}

	reqs := rec.All()
	want := []struct{ path, auth string }{
		{"/env/models", "Bearer env-key"},
		{"/env/models", "Bearer client-key"},
		{"/call/models", "Bearer call-key"},
	}
	for i, w := range want {
		if reqs[i].Path != w.path || reqs[i].Header.Get("Authorization") != w.auth {
			t.Errorf("request %d: %s with %q, want %s with %q", i, reqs[i].Path, reqs[i].Header.Get("Authorization"), w.path, w.auth)
		}
	}
}
