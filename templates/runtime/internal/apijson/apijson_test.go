package apijson

import "testing"

func TestKind(t *testing.T) {
	for in, want := range map[string]string{`{"a":1}`: "object", ` [1]`: "array", `"x"`: "string", `-1.5`: "number", `true`: "boolean", `null`: "null", ``: ""} {
		if got := Kind([]byte(in)); got != want {
			t.Errorf("Kind(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPropertyHasFits(t *testing.T) {
	raw := []byte(`{"type":"message_start","n":1}`)
	if v, ok := Property(raw, "type"); !ok || v != "message_start" {
		t.Fatalf("Property = %q, %v", v, ok)
	}
	if _, ok := Property(raw, "n"); ok {
		t.Fatal("a number is not a string property")
	}
	if _, ok := Property([]byte(`[1]`), "type"); ok {
		t.Fatal("an array has no properties")
	}
	if !Has(raw, "n") || Has(raw, "missing") {
		t.Fatal("Has")
	}
	var a struct {
		Type string `json:"type"`
		N    int    `json:"n"`
	}
	var b struct {
		Type string `json:"type"`
	}
	if !Fits(raw, &a) || Fits(raw, &b) {
		t.Fatal("Fits must reject unknown fields")
	}
}

func TestExtra(t *testing.T) {
	got := Extra([]byte(`{"a":1,"b":{"x":true},"c":null}`), "a")
	if len(got) != 2 || string(got["b"]) != `{"x":true}` || string(got["c"]) != "null" {
		t.Fatalf("Extra = %v", got)
	}
	if Extra([]byte(`{"a":1}`), "a") != nil || Extra([]byte(`[1]`)) != nil || Extra(nil) != nil {
		t.Fatal("no extra fields must give nil")
	}
}

func TestOnlyKeys(t *testing.T) {
	if !OnlyKeys([]byte(`{"a":1}`), "a", "b") || OnlyKeys([]byte(`{"a":1,"c":2}`), "a", "b") || OnlyKeys([]byte(`"a"`), "a") {
		t.Fatal("OnlyKeys")
	}
}
