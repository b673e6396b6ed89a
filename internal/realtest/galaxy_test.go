package realtest

import "testing"

// TestScalarGalaxyItemSchema generates the Scalar Galaxy SDK (an OpenAPI
// 3.2 example whose GET /planets/events offers text/event-stream,
// application/jsonl and application/json-seq, each with itemSchema
// PlanetEvent) with testdata/real/scalar-galaxy/stainless.yml, and reads a
// body in each format that matches the itemSchema: SSE through
// client.Planets.StreamEvents (which resumes with Last-Event-ID), JSON Lines
// and JSON text sequences through the SDK's streaming package, since the
// method only speaks the first media type the spec lists.
func TestScalarGalaxyItemSchema(t *testing.T) {
	slow(t)
	t.Parallel()
	s := generateSDK(t, "scalar-galaxy-3.2.yaml", "scalar-galaxy/stainless.yml", "example.com/galaxy-go")
	s.write(t, "replay_helpers_test.go", replayHelpers)
	s.write(t, "replay_test.go", galaxyReplay)
	s.goTest(t)
}

const galaxyReplay = `// Test scaffolding written by sdkgen's internal/realtest; not generated SDK code.

package __PKG___test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	sdk "__MODULE__"
	"__MODULE__/option"
	"__MODULE__/streaming"
)

// Two PlanetEvents as the itemSchema describes them: id (uuid), event (enum),
// planet (a Planet: id and name required), note (GalaxyMessage), occurredAt.
const (
	created = "{\"id\":\"123e4567-e89b-12d3-a456-426614174000\",\"event\":\"created\",\"planet\":{\"id\":1,\"name\":\"Mars\",\"description\":\"The red planet\",\"type\":\"terrestrial\",\"habitabilityIndex\":0.68,\"physicalProperties\":{\"mass\":0.107,\"radius\":0.532,\"gravity\":0.378,\"temperature\":{\"min\":130,\"max\":308,\"average\":210}},\"atmosphere\":[{\"compound\":\"CO2\",\"percentage\":95.3}],\"discoveredAt\":\"1610-01-07T00:00:00Z\",\"tags\":[\"solar-system\",\"rocky\"]},\"note\":{\"lang\":\"en\",\"value\":\"A new planet has appeared\"},\"occurredAt\":\"2024-01-15T14:30:00Z\"}"
	updated = "{\"id\":\"223e4567-e89b-12d3-a456-426614174001\",\"event\":\"updated\",\"planet\":{\"id\":1,\"name\":\"Mars\",\"habitabilityIndex\":0.7},\"occurredAt\":\"2024-01-16T09:00:00Z\"}"
)

// checkEvents checks the two events decoded from any format.
func checkEvents(t *testing.T, got []sdk.PlanetEvent) {
	t.Helper()
	if len(got) != 2 {
		t.Fatalf("%d events, want 2", len(got))
	}
	a, b := got[0], got[1]
	if a.Event != sdk.PlanetEventEventCreated || a.ID != "123e4567-e89b-12d3-a456-426614174000" || a.Planet.ID != 1 ||
		a.Planet.Name != "Mars" || a.Planet.HabitabilityIndex != 0.68 || len(a.Planet.Atmosphere) != 1 ||
		a.Note.Lang != "en" || a.Note.Value != "A new planet has appeared" || !a.OccurredAt.Equal(time.Date(2024, 1, 15, 14, 30, 0, 0, time.UTC)) {
		t.Errorf("event 1 = %+v", a)
	}
	if b.Event != sdk.PlanetEventEventUpdated || b.Planet.HabitabilityIndex != 0.7 || b.Note.Value != "" {
		t.Errorf("event 2 = %+v", b)
	}
	for i, e := range got {
		if x := e.ExtraFields(); len(x) > 0 {
			t.Errorf("event %d has properties the itemSchema type lacks: %v", i+1, x)
		}
		if x := e.Planet.ExtraFields(); len(x) > 0 {
			t.Errorf("event %d planet has properties the Planet type lacks: %v", i+1, x)
		}
	}
}

// collect reads a stream to its end.
func collect(t *testing.T, s *streaming.Stream[sdk.PlanetEvent]) ([]sdk.PlanetEvent, error) {
	t.Helper()
	defer s.Close()
	var out []sdk.PlanetEvent
	for s.Next() {
		out = append(out, s.Current())
	}
	return out, s.Err()
}

// SSE through the SDK method: the data of each event is one PlanetEvent
// (the second split over two data lines); the body ends without a done
// event, so the GET stream reconnects with Last-Event-ID and a 204 ends it.
func TestStreamEventsSSE(t *testing.T) {
	body := "retry: 10\nid: 123e4567-e89b-12d3-a456-426614174000\nevent: created\ndata: " + created + "\n\n" +
		": keep-alive\n\n" +
		"id: 223e4567-e89b-12d3-a456-426614174001\nevent: updated\ndata: " + strings.Replace(updated, ",\"planet\"", "\ndata: ,\"planet\"", 1) + "\n\n"
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			writeBody(w, "text/event-stream", []byte(body))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	client := sdk.NewClient(option.WithBaseURL(srv.URL), option.WithMaxRetries(0))
	stream, err := client.Planets.StreamEvents(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := collect(t, stream)
	if err != nil {
		t.Fatalf("Err = %v after %d events, want nil (204 on reconnect ends the stream)", err, len(got))
	}
	checkEvents(t, got)
	reqs := rec.all()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 (the first, then one reconnection)", len(reqs))
	}
	// Accept offers every stream type the operation lists, SSE first.
	if a := reqs[0].Header.Get("Accept"); a != "text/event-stream, application/jsonl, application/json-seq" || reqs[0].Method != "GET" || reqs[0].Path != "/planets/events" {
		t.Errorf("first request %s %s Accept %q", reqs[0].Method, reqs[0].Path, a)
	}
	if id := reqs[1].Header.Get("Last-Event-ID"); id != "223e4567-e89b-12d3-a456-426614174001" {
		t.Errorf("reconnection Last-Event-ID = %q", id)
	}
	t.Logf("REPLAY galaxy SSE (synthetic, itemSchema PlanetEvent): %d events decoded, reconnected with Last-Event-ID, 204 ended the stream", len(got))
}

// A server that answers in another of the operation's stream types is read
// in that format (the Accept header offered it); a JSON reply is refused
// with an error, never read as an empty stream.
func TestStreamEventsOtherOfferedFormat(t *testing.T) {
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeBody(w, "application/jsonl", []byte(created+"\n"+updated+"\n"))
	})
	client := sdk.NewClient(option.WithBaseURL(srv.URL), option.WithMaxRetries(0), option.WithMaxReconnects(0))
	stream, err := client.Planets.StreamEvents(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := collect(t, stream)
	if err != nil {
		t.Fatalf("Err = %v after %d events", err, len(got))
	}
	checkEvents(t, got)
}

func TestStreamEventsRefusesJSON(t *testing.T) {
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeBody(w, "application/json", []byte(created))
	})
	client := sdk.NewClient(option.WithBaseURL(srv.URL), option.WithMaxRetries(0))
	_, err := client.Planets.StreamEvents(testContext(t))
	var apiErr *sdk.Error
	if !errors.As(err, &apiErr) || !strings.Contains(apiErr.Message, "application/json") {
		t.Fatalf("err = %v, want *Error naming application/json", err)
	}
}

// readAs reads body served with contentType through the SDK's streaming
// package in format f.
func readAs(t *testing.T, contentType, body string, f streaming.Format) []sdk.PlanetEvent {
	t.Helper()
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, n int) { writeBody(w, contentType, []byte(body)) })
	resp, err := http.Get(srv.URL + "/planets/events")
	if err != nil {
		t.Fatal(err)
	}
	got, err := collect(t, streaming.NewStream[sdk.PlanetEvent](testContext(t), resp, streaming.Config{Format: f}))
	if err != nil {
		t.Fatalf("Err = %v after %d events", err, len(got))
	}
	return got
}

func TestPlanetEventsJSONLines(t *testing.T) {
	got := readAs(t, "application/jsonl", created+"\n\n"+updated+"\r\n", streaming.NDJSON)
	checkEvents(t, got)
	t.Logf("REPLAY galaxy JSON Lines (synthetic, itemSchema PlanetEvent): %d events decoded", len(got))
}

func TestPlanetEventsJSONSeq(t *testing.T) {
	got := readAs(t, "application/json-seq", "\x1e"+created+"\n\x1e"+updated+"\n", streaming.JSONSeq)
	checkEvents(t, got)
	t.Logf("REPLAY galaxy JSON-seq (synthetic, itemSchema PlanetEvent): %d events decoded", len(got))
}
`
