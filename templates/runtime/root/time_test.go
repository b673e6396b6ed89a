package root

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimeDecodesRealWorldVariants(t *testing.T) {
	want := time.Date(2024, 1, 15, 14, 30, 0, 0, time.UTC)
	for _, in := range []string{
		`"2024-01-15T14:30:00Z"`, `"2024-01-15T14:30:00.000Z"`, `"2024-01-15T16:30:00+02:00"`,
		`"2024-01-15T14:30:00"`, `"2024-01-15 14:30:00"`, `"2024-01-15 14:30:00Z"`, `1705329000`, `"1705329000"`,
		`"Mon, 15 Jan 2024 14:30:00 +0000"`,
	} {
		var got Time
		if err := json.Unmarshal([]byte(in), &got); err != nil || !got.Equal(want) {
			t.Errorf("%s: got %v, %v; want %v", in, got.Time, err, want)
		}
	}
	for _, in := range []string{`null`, `"soon"`, `""`, `{}`} {
		var got Time
		if err := json.Unmarshal([]byte(in), &got); err != nil || !got.IsZero() {
			t.Errorf("%s: got %v, %v; want the zero time and no error", in, got.Time, err)
		}
	}
	var d Date
	if err := json.Unmarshal([]byte(`"2020-02-29"`), &d); err != nil || d.Day() != 29 {
		t.Fatalf("date: %v %v", d, err)
	}
	out, _ := json.Marshal(struct {
		T Time `json:"t"`
		D Date `json:"d"`
		Z Time `json:"z,omitzero"`
	}{Time{want}, d, Time{}})
	if string(out) != `{"t":"2024-01-15T14:30:00Z","d":"2020-02-29"}` {
		t.Fatalf("encoded %s", out)
	}
}
