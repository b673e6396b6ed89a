package streaming

import (
	"strings"
	"testing"
)

func TestJSONPathBuilder(t *testing.T) {
	type person struct {
		Name string `json:"name"`
		Age  int    `json:"age"`
		Tags []string
	}
	type output struct {
		Summary string   `json:"summary"`
		People  []person `json:"people"`
		Count   *int     `json:"count"`
		OK      bool     `json:"ok"`
		Code    string   `json:"code"`
	}
	var b JSONPathBuilder
	pairs := [][2]string{
		{"summary", "Two "}, {"summary", "people."},
		{"people[0].name", "Ada"}, {"people[0].name", " L."}, {"people[0].age", "3"}, {"people[0].age", "6"},
		{"$.people[1].name", "Alan"}, {"people[1].Tags[0]", "x"},
		{"count", "2"}, {"ok", "true"}, {"code", "007"},
	}
	for _, p := range pairs {
		if err := b.Add(p[0], p[1]); err != nil {
			t.Fatal(err)
		}
	}
	var out output
	if err := b.Decode(&out); err != nil {
		t.Fatalf("Decode: %v (JSON %s)", err, b.JSON())
	}
	if out.Summary != "Two people." || len(out.People) != 2 || out.People[0].Name != "Ada L." || out.People[0].Age != 36 ||
		out.People[1].Name != "Alan" || out.People[1].Tags[0] != "x" || out.Count == nil || *out.Count != 2 || !out.OK || out.Code != "007" {
		t.Fatalf("decoded %+v", out)
	}
	want := `{"summary":"Two people.","people":[{"name":"Ada L.","age":36},{"name":"Alan","Tags":["x"]}],"count":2,"ok":true,"code":"007"}`
	if got := string(b.JSON()); got != want {
		t.Fatalf("JSON %s\nwant %s", got, want)
	}
}

func TestJSONPathBuilderErrors(t *testing.T) {
	for _, paths := range [][]string{
		{"a", "a.b"},
		{"a.b", "a[0]"},
		{"a[x]"},
		{"a[1"},
		{"a[99999999]"},
	} {
		var b JSONPathBuilder
		var err error
		for _, p := range paths {
			if err = b.Add(p, "v"); err != nil {
				break
			}
		}
		if err == nil {
			t.Errorf("paths %q: no error", paths)
		}
	}
	var b JSONPathBuilder
	if err := b.Decode(struct{}{}); err == nil || !strings.Contains(err.Error(), "pointer") {
		t.Fatalf("Decode into a non-pointer: %v", err)
	}
	if got := string(b.JSON()); got != "null" {
		t.Fatalf("empty builder renders %s", got)
	}
}
