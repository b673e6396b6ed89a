package petstore_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/sdkgen/sdkgen/golden/petstore"
	"github.com/sdkgen/sdkgen/golden/petstore/option"
)

// newClient returns a client for srv (base URL with a /v1 prefix, so that
// escaping tests can see a path try to climb out of it) and an API key.
func newClient(srv *httptest.Server, opts ...option.RequestOption) *petstore.Client {
	base := []option.RequestOption{
		option.WithBaseURL(srv.URL + "/v1"),
		option.WithAPIKeyAuth("test-key"),
	}
	return petstore.NewClient(append(base, opts...)...)
}

// sameJSON reports whether a and b are the same JSON value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%q: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%q: %v", b, err)
	}
	xs, _ := json.Marshal(x)
	ys, _ := json.Marshal(y)
	return string(xs) == string(ys)
}
