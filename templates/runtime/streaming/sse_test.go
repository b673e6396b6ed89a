package streaming

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

type sseVector struct {
	Name       string        `json:"name"`
	Input      string        `json:"input"`
	Chunks     []string      `json:"chunks"`
	ChunksHex  []string      `json:"chunks_hex"`
	Events     []vectorEvent `json:"events"`
	FinalID    *string       `json:"final_id"`
	FinalRetry *int          `json:"final_retry"`
	Tags       []string      `json:"tags"`
}

type vectorEvent struct {
	ID    *string `json:"id"`
	Event *string `json:"event"`
	Data  string  `json:"data"`
	Retry *int    `json:"retry"`
}

func (e vectorEvent) String() string {
	s := func(p *string) string {
		if p == nil {
			return "null"
		}
		return fmt.Sprintf("%q", *p)
	}
	r := "null"
	if e.Retry != nil {
		r = fmt.Sprint(*e.Retry)
	}
	return fmt.Sprintf("{id:%s event:%s data:%q retry:%s}", s(e.ID), s(e.Event), e.Data, r)
}

// decodeAllSSE runs a decoder to the end and returns what it dispatched in
// the vectors' terms (null id = never set, null event = no type, null retry
// = no valid retry field in the block).
func decodeAllSSE(r io.Reader, max int) (evs []vectorEvent, finalID *string, finalRetry *int, err error) {
	d := NewSSEDecoder(r, max)
	for d.Next() {
		ev := d.Event()
		var ve vectorEvent
		if d.evIDSet {
			id := ev.ID
			ve.ID = &id
		}
		if ev.Type != "" {
			typ := ev.Type
			ve.Event = &typ
		}
		ve.Data = string(ev.Data)
		if d.evRetrySet {
			rt := ev.Retry
			ve.Retry = &rt
		}
		evs = append(evs, ve)
	}
	if d.lastIDSet {
		id := d.LastEventID()
		finalID = &id
	}
	if ms, ok := d.Retry(); ok {
		finalRetry = &ms
	}
	return evs, finalID, finalRetry, d.Err()
}

// TestSSEVectors proves WHATWG conformance on the corpus's 115 vectors, each
// fed whole, one byte at a time, in the source test's chunks and in three
// seeded random splits.
func TestSSEVectors(t *testing.T) {
	var vectors []sseVector
	loadJSON(t, "sse/sse-parser-vectors.json", &vectors)
	if len(vectors) != 115 {
		t.Fatalf("want 115 vectors, got %d", len(vectors))
	}
	for i, v := range vectors {
		t.Run(v.Name, func(t *testing.T) {
			input := []byte(v.Input)
			var src [][]byte
			if v.Chunks != nil || v.ChunksHex != nil {
				src = decodeChunks(t, v.Chunks, v.ChunksHex)
				if !bytes.Equal(bytes.Join(src, nil), input) {
					t.Fatal("chunks do not add up to input")
				}
			}
			want := v.Events
			if want == nil {
				want = []vectorEvent{}
			}
			for name, feed := range feeds(input, src, uint64(i)) {
				got, finalID, finalRetry, err := decodeAllSSE(feed(), 0)
				if err != nil {
					t.Fatalf("%s: error %v", name, err)
				}
				if got == nil {
					got = []vectorEvent{}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: events\n got %v\nwant %v", name, got, want)
				}
				if !reflect.DeepEqual(finalID, v.FinalID) {
					t.Errorf("%s: final id got %v want %v", name, deref(finalID), deref(v.FinalID))
				}
				if !reflect.DeepEqual(finalRetry, v.FinalRetry) {
					t.Errorf("%s: final retry got %v want %v", name, derefInt(finalRetry), derefInt(v.FinalRetry))
				}
			}
		})
	}
}

func deref(p *string) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprintf("%q", *p)
}

func derefInt(p *int) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// TestSSECorpusBodies decodes every recorded .sse body in the corpus and
// checks the event count MANIFEST.md section B gives. Bodies that do not end
// with a blank line lose their last block: the test checks that the body
// holds exactly one more "event:" block than was dispatched, and that this
// last block was not dispatched.
func TestSSECorpusBodies(t *testing.T) {
	// File -> (events a WHATWG parser dispatches, ends with a blank line),
	// copied from the table in shared/corpus/MANIFEST.md, section B.
	want := map[string]struct {
		events    int
		endsBlank bool
	}{
		"anthropic-go-cassette-tool_runner_next_streaming-response0.sse":             {25, true},
		"anthropic-go-cassette-tool_runner_streaming_all-response0.sse":              {24, true},
		"anthropic-go-cassette-tool_runner_streaming_all-response1.sse":              {11, true},
		"anthropic-go-fallbackstream-fallback-end.sse":                               {7, true},
		"anthropic-go-fallbackstream-fallback-tooluse.sse":                           {6, true},
		"anthropic-go-fallbackstream-refusal.sse":                                    {11, true},
		"anthropic-python-basic_response.sse":                                        {8, false},
		"anthropic-python-compaction_response.sse":                                   {9, false},
		"anthropic-python-fallback_credit_response.sse":                              {5, false},
		"anthropic-python-fallback_response.sse":                                     {7, false},
		"anthropic-python-incomplete_partial_json_response.sse":                      {15, false},
		"anthropic-python-refusal_response.sse":                                      {4, false},
		"anthropic-python-stream-a-refusal.sse":                                      {14, true},
		"anthropic-python-stream-a-toolrefusal.sse":                                  {18, true},
		"anthropic-python-stream-b-fallback.sse":                                     {21, true},
		"anthropic-python-tool_use_response.sse":                                     {14, false},
		"openai-python-chat-allows-non-strict-tools-but-no-parsing-2018feb66ae1.sse": {11, true},
		"openai-python-chat-content-logprobs-events-83b060bae42e.sse":                {6, true},
		"openai-python-chat-non-pydantic-response-format-d61558011839.sse":           {181, true},
		"openai-python-chat-parse-max-tokens-reached-4cc50a6135d2.sse":               {5, true},
		"openai-python-chat-parse-multiple-pydantic-tools-f82268f2fefd.sse":          {26, true},
		"openai-python-chat-parse-nothing-e2aad469b71d.sse":                          {34, true},
		"openai-python-chat-parse-pydantic-model-7e5ea4d12e7c.sse":                   {18, true},
		"openai-python-chat-parse-pydantic-model-multiple-choices-a491adda08c3.sse":  {50, true},
		"openai-python-chat-parse-pydantic-model-refusal-173417d55340.sse":           {14, true},
		"openai-python-chat-parse-pydantic-tool-c6aa7e397b71.sse":                    {18, true},
		"openai-python-chat-parse-strict-tools-a247c49c5fcd.sse":                     {14, true},
		"openai-python-chat-refusal-logprobs-events-569c877e6942.sse":                {15, true},
	}
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			body := corpusFile(t, "sse/"+name)
			if ends := bytes.HasSuffix(body, []byte("\n\n")) || bytes.HasSuffix(body, []byte("\r\n\r\n")); ends != w.endsBlank {
				t.Fatalf("ends with blank line = %v, MANIFEST says %v", ends, w.endsBlank)
			}
			for feedName, feed := range feeds(body, nil, uint64(len(body))) {
				got, _, _, err := decodeAllSSE(feed(), 0)
				if err != nil {
					t.Fatalf("%s: %v", feedName, err)
				}
				if len(got) != w.events {
					t.Fatalf("%s: %d events, MANIFEST says %d", feedName, len(got), w.events)
				}
			}
			blocks := bytes.Count(body, []byte("event:")) // every block in these files has one event: line
			if w.endsBlank {
				if blocks != 0 && blocks != w.events {
					t.Errorf("%d event: lines for %d events", blocks, w.events)
				}
				return
			}
			if blocks != w.events+1 {
				t.Fatalf("%d blocks, %d dispatched: want exactly the last one lost", blocks, w.events)
			}
			// The lost block is the last one: its data line was not dispatched.
			got, _, _, _ := decodeAllSSE(bytes.NewReader(body), 0)
			i := bytes.LastIndex(body, []byte("\ndata:"))
			lastData := strings.TrimSpace(strings.SplitN(string(body[i+len("\ndata:"):]), "\n", 2)[0])
			if n := len(got); n == 0 || got[n-1].Data == lastData {
				t.Errorf("the unterminated last block (data %q) was dispatched", lastData)
			}
		})
	}
}

// TestSSELimit checks that an event larger than the limit stops the decoder
// with a *LimitError after buffering no more than about the limit.
func TestSSELimit(t *testing.T) {
	const limit = 1 << 20
	for _, tc := range []struct {
		name  string
		input io.Reader
	}{
		{"one long line", io.MultiReader(strings.NewReader("data: "), &countingZeros{n: 100 << 20})},
		{"many data lines", &repeatReader{line: []byte("data: " + strings.Repeat("x", 1000) + "\n"), n: 100_000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cr := &countReader{r: tc.input}
			d := NewSSEDecoder(cr, limit)
			for d.Next() {
				t.Fatal("unexpected event")
			}
			var le *LimitError
			if !errors.As(d.Err(), &le) || le.Limit != limit {
				t.Fatalf("err = %v, want *LimitError", d.Err())
			}
			if !strings.Contains(d.Err().Error(), "larger than the limit") {
				t.Errorf("message %q does not say what happened", d.Err())
			}
			if cr.n > limit+64<<10 {
				t.Errorf("read %d bytes for a limit of %d", cr.n, limit)
			}
		})
	}
	// Exactly at the limit is fine.
	data := strings.Repeat("y", limit)
	d := NewSSEDecoder(strings.NewReader("data: "+data+"\n\n"), limit)
	if !d.Next() || len(d.Event().Data) != limit {
		t.Fatalf("event at the limit: %v", d.Err())
	}
}

type countingZeros struct{ n int }

func (z *countingZeros) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), z.n)
	for i := range p[:k] {
		p[i] = 'a'
	}
	z.n -= k
	return k, nil
}

type repeatReader struct {
	line []byte
	n    int
	off  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := copy(p, r.line[r.off:])
	r.off += k
	if r.off == len(r.line) {
		r.off = 0
		r.n--
	}
	return k, nil
}

type countReader struct {
	r io.Reader
	n int
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestSSELimitJoinedLines checks the limit on an event made of several data
// lines, joined with LF: exactly the limit is accepted, one byte more is not,
// whatever the line ends and however the input is split into reads.
func TestSSELimitJoinedLines(t *testing.T) {
	const limit = 100
	x := strings.Repeat("x", limit)
	for _, tc := range []struct {
		lines []string
		ok    bool
	}{
		{[]string{x[:49], x[:50]}, true},
		{[]string{x[:49], x[:51]}, false},
		{[]string{x[:30], x[:30], x[:38]}, true},
		{[]string{x[:30], x[:30], x[:39]}, false},
		{[]string{x, ""}, false},
		{[]string{"", x[:99]}, true},
		{[]string{"", x}, false},
	} {
		for _, sep := range []string{"\n", "\r\n", "\r"} {
			var b strings.Builder
			for _, l := range tc.lines {
				b.WriteString("data: " + l + sep)
			}
			b.WriteString(sep + "data: next" + sep + sep)
			for name, feed := range feeds([]byte(b.String()), nil, uint64(len(tc.lines))) {
				d := NewSSEDecoder(feed(), limit)
				var le *LimitError
				if tc.ok {
					if !d.Next() || string(d.Event().Data) != strings.Join(tc.lines, "\n") || !d.Next() || string(d.Event().Data) != "next" {
						t.Fatalf("%v %q %s: events not decoded (%v)", tc.lines, sep, name, d.Err())
					}
				} else if d.Next() || !errors.As(d.Err(), &le) {
					t.Fatalf("%v %q %s: err = %v, want *LimitError", tc.lines, sep, name, d.Err())
				}
			}
		}
	}
}

// TestSSELineLimitAfterManyEvents checks the line limit (the event limit
// plus lineSlack) on a long comment that follows enough short events for the
// decoder to be reading in batches, or in an LF stream's CR-free run: a line
// of exactly the limit is skipped, one byte more stops the decoder, with
// every line end and however the input is split into reads.
func TestSSELineLimitAfterManyEvents(t *testing.T) {
	const limit = 100
	lineMax := limit + lineSlack
	for _, sep := range []string{"\n", "\r\n", "\r"} {
		for _, extra := range []int{0, 1} {
			var b strings.Builder
			for i := range 60 {
				fmt.Fprintf(&b, "data: %d%s%s", i, sep, sep)
			}
			b.WriteString(":" + strings.Repeat("c", lineMax-1+extra) + sep)
			b.WriteString("data: last" + sep + sep)
			for name, feed := range feeds([]byte(b.String()), nil, uint64(extra)) {
				d := NewSSEDecoder(feed(), limit)
				n := 0
				for d.Next() {
					if want := fmt.Sprint(n); n < 60 && string(d.Event().Data) != want {
						t.Fatalf("%q extra %d %s: event %d is %q", sep, extra, name, n, d.Event().Data)
					}
					n++
				}
				var le *LimitError
				switch {
				case extra == 0 && (n != 61 || d.Err() != nil):
					t.Fatalf("%q %s: a line of exactly the limit: %d events, err %v", sep, name, n, d.Err())
				case extra == 1 && (n != 60 || !errors.As(d.Err(), &le)):
					t.Fatalf("%q %s: a line over the limit: %d events, err %v", sep, name, n, d.Err())
				}
			}
		}
	}
}

// TestSSELineEndsChange runs streams whose line ends change from one run of
// events to the next (long LF runs, which the decoder reads without batches,
// then CRLF, lone CR, and one CR among LFs) through every feed and compares
// the events with the reference decoder of FuzzSSE.
func TestSSELineEndsChange(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	ends := []string{"\n", "\r\n", "\r"}
	for round := range 40 {
		var b strings.Builder
		for run := range 6 {
			sep := ends[rng.IntN(len(ends))]
			for i := range 1 + rng.IntN(80) {
				fmt.Fprintf(&b, "id: %d%sdata: %d %s%s", i, sep, run, strings.Repeat("x", rng.IntN(40)), sep)
				if rng.IntN(4) == 0 {
					// One other line end among the run's.
					b.WriteString("data: odd" + ends[rng.IntN(len(ends))])
				}
				b.WriteString(sep)
			}
		}
		in := []byte(b.String())
		want, _ := referenceSSE(in, fuzzLimit)
		for name, feed := range feeds(in, nil, uint64(round)) {
			got, _, _, err := decodeAllSSE(feed(), fuzzLimit)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d %s: %d events, want %d (err %v)", round, name, len(got), len(want), err)
			}
		}
	}
}

// TestSSEDispatchWithoutReadAhead proves an event is handed out as soon as
// its blank line arrived: the reader fails the test if it is asked for more.
func TestSSEDispatchWithoutReadAhead(t *testing.T) {
	for _, input := range []string{"data: a\n\n", "data: a\r\n\r\n", "data: a\r\r", "\xEF\xBB\xBFdata: a\n\n"} {
		r := &strictReader{data: []byte(input), t: t}
		d := NewSSEDecoder(r, 0)
		if !d.Next() || string(d.Event().Data) != "a" {
			t.Fatalf("%q: no event (%v)", input, d.Err())
		}
	}
}

type strictReader struct {
	data []byte
	t    *testing.T
}

func (r *strictReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		r.t.Fatal("decoder read past the end of the first event")
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestSSEReset checks that a new connection keeps the last ID and retry, and
// drops the partial block.
func TestSSEReset(t *testing.T) {
	d := NewSSEDecoder(strings.NewReader("id: 7\nretry: 250\ndata: a\n\ndata: partial"), 0)
	if !d.Next() || d.Event().ID != "7" {
		t.Fatal("first event")
	}
	if d.Next() {
		t.Fatal("partial block dispatched")
	}
	d.Reset(strings.NewReader("\xEF\xBB\xBFdata: b\n\n"))
	if !d.Next() {
		t.Fatal("no event after reset")
	}
	if ev := d.Event(); ev.ID != "7" || string(ev.Data) != "b" {
		t.Fatalf("after reset: %+v", ev)
	}
	if ms, ok := d.Retry(); !ok || ms != 250 {
		t.Fatalf("retry %d %v", ms, ok)
	}
}

// IDs are cut from shared blocks (see cutID): every kept Event.ID and
// LastEventID must stay what it was, across many blocks, long IDs and a
// reconnection.
func TestSSEIDStringsStayValid(t *testing.T) {
	var b strings.Builder
	want := []string{""}
	b.WriteString("data: x\r\n\r\n") // no id yet
	for i := 1; i < 3000; i++ {
		if i%13 == 0 { // no id field: the last ID persists
			want = append(want, want[len(want)-1])
			b.WriteString("data: x\r\n\r\n")
			continue
		}
		// 1 to 12 bytes or more: the inlined word copy (up to 8) and
		// newID, across many arena blocks.
		id := strings.Repeat("-", i%9) + fmt.Sprint(i%1000)
		if i%97 == 0 {
			id = strings.Repeat("L", 200+i%7) + id // longer than idArenaMax
		}
		want = append(want, id)
		fmt.Fprintf(&b, "id: %s\r\ndata: x\r\n\r\n", id)
	}
	for name, feed := range feeds([]byte(b.String()), nil, 5) {
		d := NewSSEDecoder(feed(), 0)
		var got, last []string
		for d.Next() {
			got = append(got, d.Event().ID)
			last = append(last, d.LastEventID())
		}
		if d.Err() != nil {
			t.Fatal(d.Err())
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d events, want %d", name, len(got), len(want))
		}
		// Checked once all are read: no later ID changed an earlier string.
		for i := range want {
			if got[i] != want[i] || last[i] != want[i] {
				t.Fatalf("%s: event %d: ID %q, LastEventID %q, want %q", name, i, got[i], last[i], want[i])
			}
		}
		d.Reset(strings.NewReader("data: y\n\n"))
		if !d.Next() || d.Event().ID != want[len(want)-1] {
			t.Fatalf("%s: after Reset: %q, want %q", name, d.Event().ID, want[len(want)-1])
		}
	}
}

// TestSSEMultiLineData checks the data buffer kept in the read buffer: data
// lines joined in place, copied out when an event spans reads, with LF, CRLF
// and lone CR line ends mixed in one stream, and an event's Data without
// spare capacity, so that a caller's append cannot write into the decoder's
// buffer.
func TestSSEMultiLineData(t *testing.T) {
	var b strings.Builder
	type want struct{ typ, data string }
	var wants []want
	for i := range 600 {
		sep := []string{"\n", "\r\n", "\r", "\r\n"}[i%4]
		typ := ""
		if i%5 != 0 {
			typ = fmt.Sprintf("t%d", i%3)
			b.WriteString("event:" + typ + sep)
		}
		if i%7 == 0 {
			b.WriteString(": comment" + sep)
		}
		var lines []string
		for j := range 1 + i%4 {
			line := fmt.Sprintf("%d.%d %s", i, j, strings.Repeat("x", (i*7+j)%90))
			lines = append(lines, line)
			if j%2 == 0 {
				b.WriteString("data: " + line + sep)
			} else {
				b.WriteString("data:" + line + sep)
			}
		}
		if i%11 == 0 {
			b.WriteString("data" + sep) // an empty data line
			lines = append(lines, "")
		}
		b.WriteString(sep)
		wants = append(wants, want{typ, strings.Join(lines, "\n")})
	}
	for name, feed := range feeds([]byte(b.String()), nil, 11) {
		d := NewSSEDecoder(feed(), 0)
		i := 0
		for ; d.Next(); i++ {
			ev := d.Event()
			if i >= len(wants) {
				t.Fatalf("%s: more events than written", name)
			}
			if string(ev.Data) != wants[i].data || ev.Type != wants[i].typ {
				t.Fatalf("%s: event %d: type %q data %q, want %q %q", name, i, ev.Type, ev.Data, wants[i].typ, wants[i].data)
			}
			if cap(ev.Data) != len(ev.Data) {
				t.Fatalf("%s: event %d: Data has capacity %d for %d bytes", name, i, cap(ev.Data), len(ev.Data))
			}
			_ = append(ev.Data, "appended by the caller"...)
		}
		if d.Err() != nil || i != len(wants) {
			t.Fatalf("%s: %d events of %d, err %v", name, i, len(wants), d.Err())
		}
	}
	d := NewSSEDecoder(strings.NewReader("data: a\n\n"), 0)
	if !d.Next() {
		t.Fatal("no event")
	}
	d.Reset(strings.NewReader(""))
	if ev := d.Event(); ev.Data != nil || ev.Type != "" {
		t.Fatalf("event after Reset: %+v", ev)
	}
}

// TestSSETypeLikeTheLast checks the event fields that repeat the last type
// read (found by comparing, see batch) when other types come between them
// in the same read, and when the repeated line is not quite the same.
func TestSSETypeLikeTheLast(t *testing.T) {
	first := "event: a\r\ndata: 0\r\n\r\n"
	rest := "event: b\r\ndata: 1\r\n\r\nevent: a\r\ndata: 2\r\n\r\n" +
		"event: a\ndata: 3\n\nevent: ab\ndata: 4\n\n" +
		"event:a\ndata: 5\n\nevent: a \ndata: 6\n\ndata: 7\n\nevent: a\r\nevent: b\r\ndata: 8\r\n\r\n"
	last := "event: b\rdata: 9\r\r" // a lone CR: no batch
	want := []string{"a", "b", "a", "a", "ab", "a", "a ", "", "b", "b"}
	for name, r := range map[string]io.Reader{
		"three reads": &chunkReader{chunks: [][]byte{[]byte(first), []byte(rest), []byte(last)}},
		"whole":       strings.NewReader(first + rest + last),
	} {
		d := NewSSEDecoder(r, 0)
		var got []string
		for d.Next() {
			ev := d.Event()
			if string(ev.Data) != fmt.Sprint(len(got)) {
				t.Fatalf("%s: event %d has data %q", name, len(got), ev.Data)
			}
			got = append(got, ev.Type)
		}
		if d.Err() != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: types %q, err %v; want %q", name, got, d.Err(), want)
		}
	}
}
