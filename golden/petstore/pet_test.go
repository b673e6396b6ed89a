package petstore_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sdkgen/sdkgen/golden/petstore"
	"github.com/sdkgen/sdkgen/internal/sdktest"
)

// ListPets sends limit and tags (style form, explode false: one
// comma-separated value) in the query and X-Trace-Id as a header; an
// optional parameter set to zero is still sent.
func TestListPetsQueryAndHeader(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, sdktest.ReplyJSON(200, `{"data":[]}`))
	client := newClient(srv)

	_, err := client.Pets.ListPets(t.Context(), petstore.ListPetsParams{
		Limit:    petstore.Int(20),
		Tags:     []string{"a", "b"},
		XTraceID: petstore.String("trace-1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Pets.ListPets(t.Context(), petstore.ListPetsParams{Limit: petstore.Int(0)}); err != nil {
		t.Fatal(err)
	}

	reqs := rec.All()
	q := reqs[0].Query()
	if got := q["limit"]; len(got) != 1 || got[0] != "20" {
		t.Errorf("limit = %q, want [20]", got)
	}
	if got := q["tags"]; len(got) != 1 || got[0] != "a,b" {
		t.Errorf("tags = %q, want one value a,b (form, explode: false)", got)
	}
	if h := reqs[0].Header.Get("X-Trace-Id"); h != "trace-1" {
		t.Errorf("X-Trace-Id = %q, want trace-1", h)
	}
	if got := reqs[1].Query(); got.Get("limit") != "0" || got.Has("tags") {
		t.Errorf("second call query = %q, want limit=0 only (zero sent when set, nil slice left out)", reqs[1].RawQuery)
	}
	if _, ok := reqs[1].Header["X-Trace-Id"]; ok {
		t.Error("X-Trace-Id sent although the parameter was nil")
	}
}

// With style form and explode false the comma is the delimiter (OpenAPI's
// style examples: color=blue,black,brown); it must stay a literal comma so
// that a comma inside an item (percent-encoded) can be told apart from it.
func TestListPetsTagsDelimiter(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, sdktest.ReplyJSON(200, `{"data":[]}`))
	client := newClient(srv)
	for _, tags := range [][]string{{"a", "b"}, {"a,b"}} {
		if _, err := client.Pets.ListPets(t.Context(), petstore.ListPetsParams{Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
	reqs := rec.All()
	if reqs[0].RawQuery == reqs[1].RawQuery {
		t.Fatalf("tags [a b] and [a,b] are sent as the same query %q: the delimiter must stay literal and items be escaped", reqs[0].RawQuery)
	}
	if reqs[0].RawQuery != "tags=a,b" {
		t.Errorf("query = %q, want tags=a,b", reqs[0].RawQuery)
	}
	if reqs[1].RawQuery != "tags=a%2Cb" {
		t.Errorf("query for one tag \"a,b\" = %q, want tags=a%%2Cb", reqs[1].RawQuery)
	}
}

// CreatePet sends a JSON body: a required field even when zero, an optional
// nil field left out, an optional field set to zero sent.
func TestCreatePetBody(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, sdktest.ReplyJSON(201, `{"id":9,"name":""}`))
	client := newClient(srv)

	cases := []struct {
		name   string
		params petstore.CreatePetParams
		want   string
	}{
		{"required zero value sent", petstore.CreatePetParams{}, `{"name":""}`},
		{"optional nil left out", petstore.CreatePetParams{Name: "Rex"}, `{"name":"Rex"}`},
		{"nullable set to explicit null", petstore.CreatePetParams{Name: "Rex", Owner: petstore.Null[petstore.PetOwner]()}, `{"name":"Rex","owner":null}`},
		{"optional zero sent", petstore.CreatePetParams{
			Name:   "Rex",
			Tag:    petstore.String(""),
			Status: petstore.Value(petstore.PetStatus("")),
			Owner:  petstore.Value(petstore.PetOwner{}),
		}, `{"name":"Rex","tag":"","status":"","owner":{}}`},
		{"all set", petstore.CreatePetParams{
			Name:     "Rex",
			Tag:      petstore.String("dog"),
			Status:   petstore.Value(petstore.PetStatusAvailable),
			Birthday: petstore.Value(petstore.Date{Time: time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC)}),
			Owner:    petstore.Value(petstore.PetOwner{Name: "Ann", Email: "ann@example.com"}),
		}, `{"name":"Rex","tag":"dog","status":"available","birthday":"2020-02-29","owner":{"name":"Ann","email":"ann@example.com"}}`},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pet, err := client.Pets.CreatePet(t.Context(), c.params)
			if err != nil {
				t.Fatal(err)
			}
			if pet.ID != 9 {
				t.Errorf("pet = %+v", pet)
			}
			got := rec.All()[i]
			if got.Method != "POST" || got.Path != "/v1/pets" {
				t.Errorf("request %s %s", got.Method, got.Path)
			}
			if ct := got.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			if !sameJSON(t, got.Body, []byte(c.want)) {
				t.Errorf("body = %s, want %s", got.Body, c.want)
			}
		})
	}
}

// A path parameter is escaped so that it stays one segment: "/" becomes
// %2F and "." or ".." cannot walk out of /v1/pets/.
func TestPathParamEscaping(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, sdktest.ReplyJSON(200, onePet))
	client := newClient(srv)
	cases := map[string]string{
		"a/b":       "/v1/pets/a%2Fb",
		"..":        "/v1/pets/%2E%2E",
		".":         "/v1/pets/%2E",
		"../../etc": "/v1/pets/..%2F..%2Fetc",
		"a b?c#d":   "/v1/pets/a%20b%3Fc%23d",
		"ü":         "/v1/pets/%C3%BC",
	}
	for id, want := range cases {
		before := rec.Count()
		if _, err := client.Pets.ShowPetByID(t.Context(), id); err != nil {
			t.Errorf("ShowPetByID(%q): %v", id, err)
			continue
		}
		got := rec.All()[before]
		if got.Path != want {
			t.Errorf("ShowPetByID(%q) requested %q, want %q", id, got.Path, want)
		}
		if got.RawQuery != "" {
			t.Errorf("ShowPetByID(%q) sent query %q", id, got.RawQuery)
		}
	}
	if err := client.Pets.DeletePet(t.Context(), "a/b"); err != nil {
		t.Fatal(err)
	}
	if got := rec.All()[rec.Count()-1]; got.Method != "DELETE" || got.Path != "/v1/pets/a%2Fb" {
		t.Errorf("DeletePet(a/b) = %s %s", got.Method, got.Path)
	}
}

// An empty required path parameter is an error before any request.
func TestEmptyPathParamFailsBeforeRequest(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, sdktest.ReplyJSON(200, onePet))
	client := newClient(srv)
	if pet, err := client.Pets.ShowPetByID(t.Context(), ""); err == nil {
		t.Errorf("ShowPetByID(\"\") = %+v, nil; want an error", pet)
	} else if !strings.Contains(err.Error(), "petId") {
		t.Errorf("error %q does not name the parameter petId", err)
	}
	if err := client.Pets.DeletePet(t.Context(), ""); err == nil {
		t.Error("DeletePet(\"\") = nil, want an error")
	}
	if n := rec.Count(); n != 0 {
		t.Errorf("server got %d requests, want none", n)
	}
}

// Fields and enum values the SDK does not know decode without error.
func TestUnknownFieldsAndEnumValues(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, sdktest.ReplyJSON(200, `{
		"id": 5, "name": "Rex", "status": "adopted",
		"microchip": {"vendor": "x", "codes": [1, 2]}, "weight_kg": 12.5,
		"owner": {"name": "Ann", "phone": "+1"}
	}`))
	pet, err := newClient(srv).Pets.ShowPetByID(t.Context(), "5")
	if err != nil {
		t.Fatalf("unknown field or enum value failed to decode: %v", err)
	}
	if pet.ID != 5 || pet.Name != "Rex" || pet.Owner == nil || pet.Owner.Name != "Ann" {
		t.Errorf("pet = %+v", pet)
	}
	if pet.Status != "adopted" {
		t.Errorf("Status = %q, want the unknown value kept as \"adopted\"", pet.Status)
	}
	switch pet.Status {
	case petstore.PetStatusAvailable, petstore.PetStatusPending, petstore.PetStatusSold:
		t.Errorf("unknown status mapped to a known constant %q", pet.Status)
	}
}

// Response models keep the fields the SDK does not know and the raw JSON
// (SDK.md: "ExtraFields or an equivalent").
func TestResponseModelKeepsUnknownFieldsAndRawJSON(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, sdktest.ReplyJSON(200, `{"id":5,"name":"Rex","microchip":"abc"}`))
	pet, err := newClient(srv).Pets.ShowPetByID(t.Context(), "5")
	if err != nil {
		t.Fatal(err)
	}
	if got := pet.ExtraFields(); len(got) != 1 || string(got["microchip"]) != `"abc"` {
		t.Errorf("ExtraFields() = %v, want just microchip", got)
	}
	if got := string(pet.RawJSON()); got != `{"id":5,"name":"Rex","microchip":"abc"}` {
		t.Errorf("RawJSON() = %s, want the response as sent", got)
	}
	var bare petstore.Pet
	if bare.RawJSON() != nil || bare.ExtraFields() != nil {
		t.Error("a Pet built in Go has no raw JSON and no extra fields")
	}
}

// The recursive Pet (parent, children) decodes at every depth and encodes
// back to the same JSON.
func TestRecursivePetRoundTrip(t *testing.T) {
	t.Parallel()
	const body = `{
		"id": 2, "name": "Kid", "status": "pending",
		"parent": {"id": 1, "name": "Mom", "parent": {"id": 0, "name": "Grandma"}},
		"children": [
			{"id": 3, "name": "Grandkid", "children": [{"id": 4, "name": "Great"}]},
			{"id": 5, "name": "Other", "tag": "cat"}
		]
	}`
	srv, _ := sdktest.Serve(t, sdktest.ReplyJSON(200, body))
	pet, err := newClient(srv).Pets.ShowPetByID(t.Context(), "2")
	if err != nil {
		t.Fatal(err)
	}
	if pet.Parent == nil || pet.Parent.Name != "Mom" || pet.Parent.Parent == nil || pet.Parent.Parent.Name != "Grandma" {
		t.Errorf("parent chain = %+v", pet.Parent)
	}
	if len(pet.Children) != 2 || len(pet.Children[0].Children) != 1 || pet.Children[0].Children[0].ID != 4 ||
		pet.Children[1].Tag != "cat" {
		t.Errorf("children = %+v", pet.Children)
	}
	out, err := json.Marshal(pet)
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(t, out, []byte(body)) {
		t.Errorf("re-encoded pet = %s\nwant %s", out, body)
	}
}

// DeletePet with a 204 and no body returns nil.
func TestDeletePet204(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.WriteHeader(http.StatusNoContent)
	})
	if err := newClient(srv).Pets.DeletePet(t.Context(), "7"); err != nil {
		t.Fatalf("DeletePet: %v", err)
	}
	got := rec.Only(t)
	if got.Method != "DELETE" || got.Path != "/v1/pets/7" || len(got.Body) != 0 {
		t.Errorf("request = %s %s body %q", got.Method, got.Path, got.Body)
	}
	if got.Header.Get("X-API-Key") != "test-key" {
		t.Error("DeletePet sent no API key")
	}
}

// GetInventory formats an integer path parameter and decodes a map
// (additionalProperties) response.
func TestGetInventory(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, sdktest.ReplyJSON(200, `{"available":3,"sold":0}`))
	inv, err := newClient(srv).Stores.GetInventory(t.Context(), 42)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv) != 2 || inv["available"] != 3 || inv["sold"] != 0 {
		t.Errorf("inventory = %v", inv)
	}
	if p := rec.Only(t).Path; p != "/v1/stores/42/inventory" {
		t.Errorf("path = %q", p)
	}
}

// Dates decode from the variants real APIs send, and an unreadable one is
// the zero date rather than a failed response.
func TestDatesAreTolerant(t *testing.T) {
	t.Parallel()
	for body, day := range map[string]int{
		`{"id":1,"name":"Rex","birthday":"2020-02-29"}`:          29,
		`{"id":1,"name":"Rex","birthday":"2020-02-29T10:00:00"}`: 29,
		`{"id":1,"name":"Rex","birthday":"not a date"}`:          0,
	} {
		srv, _ := sdktest.Serve(t, sdktest.ReplyJSON(200, body))
		pet, err := newClient(srv).Pets.ShowPetByID(t.Context(), "1")
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if got := pet.Birthday.Day(); (day == 0 && !pet.Birthday.IsZero()) || (day != 0 && got != day) {
			t.Errorf("%s: birthday %v", body, pet.Birthday.Time)
		}
	}
}
