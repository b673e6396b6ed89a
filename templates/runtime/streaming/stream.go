package streaming

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"mime"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/sdkgen/sdkgen/templates/runtime/internal/apierror"
	"github.com/sdkgen/sdkgen/templates/runtime/internal/apijson"
)

// Defaults applied to a zero Config field.
const (
	// DefaultMaxReconnects is how many consecutive failed reconnection
	// attempts end a resumable stream.
	DefaultMaxReconnects = 5
	// DefaultRetry is the wait before reconnecting when the server sent no
	// retry field.
	DefaultRetry = time.Second
	// DefaultDrainLimit is how much of the body is read and thrown away after
	// a done event, so the connection can be reused.
	DefaultDrainLimit = 256 << 10
	// DefaultDrainTimeout bounds the time spent draining after a done event:
	// Next returns within it even when a proxy never closes the connection.
	DefaultDrainTimeout = 20 * time.Millisecond

	maxBackoff   = 30 * time.Second
	minBackoff   = 100 * time.Millisecond // between consecutive failures
	maxErrorBody = 64 << 10
)

// Config describes how a [Stream] reads one streaming method. Generated code
// fills it from the method's streaming config.
type Config struct {
	// Format is the wire format.
	Format Format
	// Rules is the on_event table; nil means DefaultRules(). When the table
	// given here holds a Done rule, a body that ends before that rule fired
	// is a truncation error. The default table (nil) does not do that, since
	// many APIs never send [DONE].
	Rules []Rule
	// EventTypeProperty (NDJSON, JSON-seq) is the top-level JSON property
	// whose string value plays the role of the SSE event type.
	EventTypeProperty string
	// Envelope means T is an envelope {id, event, data, retry}: it is built
	// from the SSE fields, with data embedded as JSON when it is valid JSON
	// and as a JSON string otherwise, instead of decoding data alone.
	Envelope bool
	// MaxEventSize bounds one event, line or record (an SSE line may hold
	// 64 bytes more, for its field name); 0 means DefaultMaxEventSize
	// (32 MiB).
	MaxEventSize int
	// IdleTimeout ends (or, when resumable, reconnects) a stream that
	// received no byte for this long; SSE comments count as activity. 0 means
	// no idle timeout.
	IdleTimeout time.Duration
	// Reconnect (SSE only, and only with Open) resumes a dropped connection
	// with Last-Event-ID.
	Reconnect bool
	// MaxReconnects is how many consecutive failed reconnection attempts end
	// the stream; 0 means DefaultMaxReconnects, a negative value none.
	MaxReconnects int
	// LastEventID is sent on the first connection too, to resume a stream
	// seen before.
	LastEventID string
	// Backoff returns the wait before reconnection attempt n (1 for the first
	// attempt after a drop, counting consecutive failures), given the
	// server's retry value (DefaultRetry when it sent none). nil means: the
	// retry value doubled for each consecutive failure, capped at 30s, with
	// ±25% jitter. Tests make it return a few milliseconds.
	Backoff func(attempt int, retry time.Duration) time.Duration
	// DrainLimit and DrainTimeout bound how much of the body is read, and for
	// how long, after a done event before the connection is closed; 0 means
	// the defaults (256 KiB, 20ms), a negative value closes at once.
	DrainLimit   int64
	DrainTimeout time.Duration
}

// Connect performs the HTTP request of a stream. The stream calls it once to
// open (reconnect false; the SDK's HTTP core does its own retries, status and
// content-type checks and returns an *apierror.Error for a non-2xx response)
// and again for each reconnection (reconnect true, lastEventID is the last
// event ID seen, to send as Last-Event-ID; one attempt, the stream does the
// backoff). The request must use ctx: the stream cancels it to stop reading.
// On reconnection a 204 response ends the stream normally, an
// *apierror.Error with a 4xx status ends it with that error, and other errors
// are retried.
type Connect func(ctx context.Context, lastEventID string, reconnect bool) (*http.Response, error)

// StreamUnmarshaler is implemented by event models that decode themselves
// without encoding/json: the generated models do, through a
// reflection-free decoder. The stream calls it on a zero value for each
// event, instead of json.Unmarshal, and does not check the data first: the
// method must reject invalid JSON itself.
type StreamUnmarshaler interface {
	UnmarshalStreamJSON(data []byte) error
}

// DecodeError reports event data that could not be decoded into the event
// model.
type DecodeError struct {
	// EventType is the type of the event, if it had one.
	EventType string
	// Start is the beginning of the data, quoted.
	Start string
	// Err is the decoder's error.
	Err error
}

// Error quotes the start of the data and says why it failed.
func (e *DecodeError) Error() string {
	s := "streaming: cannot decode event data " + e.Start
	if e.EventType != "" {
		s = "streaming: cannot decode data of event " + fmt.Sprintf("%q", e.EventType) + " " + e.Start
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the decoder's error.
func (e *DecodeError) Unwrap() error { return e.Err }

// IdleTimeoutError ends a stream that received no byte for Config.IdleTimeout.
type IdleTimeoutError struct {
	// After is the idle timeout that expired.
	After time.Duration
}

// Error says how long the stream was idle.
func (e *IdleTimeoutError) Error() string {
	return "streaming: no data received for " + e.After.String() + " (idle timeout)"
}

// Timeout reports true, like net.Error.
func (e *IdleTimeoutError) Timeout() bool { return true }

// Stream is a typed iterator over the events of a streamed response.
//
//	defer stream.Close()
//	for stream.Next() {
//		v := stream.Current()
//	}
//	if err := stream.Err(); err != nil { ... }
//
// A Stream closes its response body by itself when it ends, fails or is
// cancelled, and starts no goroutine. It is not safe for concurrent use.
type Stream[T any] struct {
	ctx     context.Context
	connect Connect
	cfg     Config
	hasDone bool // the rules contain a done rule: EOF without it is a truncation
	fast    bool // *T implements StreamUnmarshaler

	dec   Decoder
	sse   *SSEDecoder // dec, when the format is SSE
	c     *conn       // the current connection
	types interner

	cur      T
	ev       Event
	env      []byte
	err      error
	ended    bool
	closed   bool
	failures int // consecutive failed reconnection attempts
}

// conn is one HTTP response the stream reads.
type conn struct {
	resp     *http.Response
	cancel   context.CancelFunc // cancels the request context the stream owns (Open)
	stopCtx  func() bool        // unregisters the context.AfterFunc (NewStream)
	idle     *time.Timer
	idleDur  time.Duration
	timedOut atomic.Bool
	events   int
	released bool
}

// Read reads the body and pushes the idle deadline back.
func (c *conn) Read(p []byte) (int, error) {
	n, err := c.resp.Body.Read(p)
	if n > 0 && c.idle != nil {
		c.idle.Reset(c.idleDur)
	}
	return n, err
}

// abort unblocks a pending Read. It runs on a timer's goroutine: it only
// cancels the request, or closes the body when the stream does not own the
// request.
func (c *conn) abort() {
	if c.cancel != nil {
		c.cancel()
	} else {
		c.resp.Body.Close()
	}
}

// release stops the timers and closes the connection; idempotent.
func (c *conn) release() error {
	if c.released {
		return nil
	}
	c.released = true
	if c.idle != nil {
		c.idle.Stop()
	}
	if c.stopCtx != nil {
		c.stopCtx()
	}
	err := c.resp.Body.Close()
	if c.cancel != nil {
		c.cancel()
	}
	return err
}

func newStream[T any](ctx context.Context, cfg Config) *Stream[T] {
	s := &Stream[T]{ctx: ctx, cfg: cfg}
	for _, r := range cfg.Rules {
		if r.Action == Done {
			s.hasDone = true
		}
	}
	if cfg.Rules == nil {
		s.cfg.Rules = DefaultRules()
	}
	_, s.fast = any(&s.cur).(StreamUnmarshaler)
	return s
}

// Open opens a stream by calling connect once. The error covers everything
// before the first byte of the body: the connection, a non-2xx status, a
// body that is not a stream (as checked by connect). A 204 response gives a
// stream that ends at once, normally.
func Open[T any](ctx context.Context, connect Connect, cfg Config) (*Stream[T], error) {
	if connect == nil {
		return nil, errors.New("streaming: Open needs a Connect function")
	}
	s := newStream[T](ctx, cfg)
	s.connect = connect
	reqCtx, cancel := context.WithCancel(ctx)
	resp, err := connect(reqCtx, cfg.LastEventID, false)
	if err == nil {
		err = checkResponse(resp)
	}
	if err != nil {
		cancel()
		return nil, err
	}
	s.attach(resp, cancel)
	if cfg.LastEventID != "" && s.sse != nil {
		s.sse.setLastEventID(cfg.LastEventID)
	}
	if resp.StatusCode == http.StatusNoContent {
		s.end(nil, false)
	}
	return s, nil
}

// NewStream reads a stream from a response that is already open (status
// checked by the caller). It cannot reconnect. Cancelling ctx closes the
// body.
func NewStream[T any](ctx context.Context, resp *http.Response, cfg Config) *Stream[T] {
	s := newStream[T](ctx, cfg)
	s.cfg.Reconnect = false
	if resp == nil || resp.Body == nil {
		s.ended, s.err = true, errors.New("streaming: NewStream needs a response with a body")
		return s
	}
	s.attach(resp, nil)
	return s
}

// checkResponse turns a response that is not 2xx into an *apierror.Error
// (the SDK's HTTP core normally does this before the stream sees it).
func checkResponse(resp *http.Response) error {
	if resp == nil || resp.Body == nil {
		return errors.New("streaming: Connect returned no response")
	}
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	return apierror.FromResponse(resp, maxErrorBody)
}

// formatOf is the stream format a Content-Type names, or def when it names
// none of them (or is missing).
func formatOf(contentType string, def Format) Format {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return def
	}
	switch mt {
	case "text/event-stream":
		return SSE
	case "application/x-ndjson", "application/jsonl", "application/json-lines", "application/jsonlines", "application/x-jsonlines", "application/stream+json":
		return NDJSON
	case "application/json-seq":
		return JSONSeq
	}
	return def
}

// attach makes resp the connection the stream reads.
func (s *Stream[T]) attach(resp *http.Response, cancel context.CancelFunc) {
	c := &conn{resp: resp, cancel: cancel}
	if cancel == nil {
		body := resp.Body
		c.stopCtx = context.AfterFunc(s.ctx, func() { body.Close() })
	}
	var r io.Reader = resp.Body
	if d := s.cfg.IdleTimeout; d > 0 {
		c.idleDur = d
		c.idle = time.AfterFunc(d, func() {
			c.timedOut.Store(true)
			c.abort()
		})
		r = c
	}
	s.c = c
	if s.dec == nil {
		// The first response decides the format: an operation that offers
		// several (SSE, JSON Lines, JSON-seq) answers in the one the Accept
		// header asked for.
		s.cfg.Format = formatOf(resp.Header.Get("Content-Type"), s.cfg.Format)
	}
	switch {
	case s.sse != nil:
		s.sse.Reset(r)
	case s.cfg.Format == NDJSON:
		s.dec = NewNDJSONDecoder(r, s.cfg.MaxEventSize)
	case s.cfg.Format == JSONSeq:
		s.dec = NewJSONSeqDecoder(r, s.cfg.MaxEventSize)
	default:
		s.sse = NewSSEDecoder(r, s.cfg.MaxEventSize)
		s.dec = s.sse
	}
}

// Next advances to the next event the rules yield and decodes it. It returns
// false when the stream has ended (see Err) and then releases the connection.
func (s *Stream[T]) Next() bool {
	if s.ended {
		return false
	}
	for {
		if !s.dec.Next() {
			if s.connectionEnded() {
				continue
			}
			return false
		}
		ev := s.dec.Event()
		s.c.events++
		s.failures = 0
		if s.sse == nil && s.cfg.EventTypeProperty != "" {
			ev.Type = s.eventType(ev.Data)
		}
		rule := match(s.cfg.Rules, ev.Type, ev.Data)
		action := Yield
		if rule != nil {
			action = rule.Action
		}
		switch action {
		case Continue:
			continue
		case Break:
			s.end(nil, false)
			return false
		case Done:
			s.end(nil, true)
			return false
		case Error:
			s.end(s.eventError(ev, ev.Data), false)
			return false
		}
		if rule != nil && rule.ErrorProperty != "" {
			if v, ok := apijson.Field(ev.Data, rule.ErrorProperty); ok && !apijson.IsNull(v) {
				s.end(s.eventError(ev, v), false)
				return false
			}
		}
		if len(apijson.TrimSpace(ev.Data)) == 0 {
			continue // nothing to decode, with or without an envelope
		}
		data := ev.Data
		if s.cfg.Envelope {
			s.env = appendEnvelope(s.env[:0], ev, ev.ID != "")
			data = s.env
		}
		if err := s.decode(data); err != nil {
			s.end(&DecodeError{EventType: ev.Type, Start: quoteStart(ev.Data), Err: err}, false)
			return false
		}
		s.ev = ev
		return true
	}
}

func (s *Stream[T]) decode(data []byte) error {
	var zero T
	s.cur = zero
	if s.fast {
		return any(&s.cur).(StreamUnmarshaler).UnmarshalStreamJSON(data)
	}
	return json.Unmarshal(data, &s.cur)
}

// eventType reads Config.EventTypeProperty from a JSON value.
func (s *Stream[T]) eventType(data []byte) string {
	v, ok := apijson.Field(data, s.cfg.EventTypeProperty)
	if !ok {
		return ""
	}
	plain, decoded, ok := stringValue(v)
	if !ok {
		return ""
	}
	if plain != nil {
		return s.types.intern(plain)
	}
	return decoded
}

// eventError builds the error for an error event, or for the error property
// (payload) of a yielded event.
func (s *Stream[T]) eventError(ev Event, payload []byte) error {
	msg, code, typ := apierror.MessageFrom(payload)
	e := &apierror.Error{
		Message: msg, Code: code, Type: typ,
		Body:      append([]byte(nil), ev.Data...),
		EventType: ev.Type, EventID: ev.ID,
	}
	if resp := s.c.resp; resp != nil {
		e.StatusCode = resp.StatusCode
		e.RequestID = apierror.RequestID(resp.Header)
		e.Request = resp.Request
		e.Response = resp
	}
	return e
}

// connectionEnded handles the end of the current body: it ends the stream,
// or reconnects and returns true.
func (s *Stream[T]) connectionEnded() bool {
	if err := s.ctx.Err(); err != nil {
		s.end(err, false)
		return false
	}
	err := s.dec.Err()
	if s.c.timedOut.Load() {
		err = &IdleTimeoutError{After: s.cfg.IdleTimeout}
	}
	var limitErr *LimitError
	var syntaxErr *SyntaxError
	if errors.As(err, &limitErr) || errors.As(err, &syntaxErr) {
		s.end(err, false) // the data is wrong: reading it again would not help
		return false
	}
	if !s.resumable() {
		if err == nil && s.hasDone {
			err = fmt.Errorf("streaming: the stream ended before its done event: %w", io.ErrUnexpectedEOF)
		}
		s.end(err, false)
		return false
	}
	return s.resume(err)
}

func (s *Stream[T]) resumable() bool {
	return s.cfg.Reconnect && s.connect != nil && s.sse != nil && s.cfg.MaxReconnects >= 0
}

// resume reconnects after the connection ended with cause (nil for EOF).
func (s *Stream[T]) resume(cause error) bool {
	maxAttempts := s.cfg.MaxReconnects
	if maxAttempts == 0 {
		maxAttempts = DefaultMaxReconnects
	}
	if s.c.events == 0 {
		s.failures++ // a connection that gave nothing counts as a failed attempt
	}
	lastErr := cause
	if lastErr == nil {
		lastErr = fmt.Errorf("streaming: the server closed the stream: %w", io.ErrUnexpectedEOF)
	}
	s.c.release()
	for {
		if s.failures >= maxAttempts {
			s.end(lastErr, false)
			return false
		}
		retry := DefaultRetry
		if ms, ok := s.sse.Retry(); ok {
			retry = time.Duration(ms) * time.Millisecond
		}
		backoff := s.cfg.Backoff
		if backoff == nil {
			backoff = defaultBackoff
		}
		if err := sleep(s.ctx, backoff(s.failures+1, retry)); err != nil {
			s.end(err, false)
			return false
		}
		reqCtx, cancel := context.WithCancel(s.ctx)
		resp, err := s.connect(reqCtx, s.sse.LastEventID(), true)
		if err == nil {
			err = checkResponse(resp)
		}
		if ctxErr := s.ctx.Err(); ctxErr != nil {
			if err == nil {
				resp.Body.Close()
			}
			cancel()
			s.end(ctxErr, false)
			return false
		}
		if err != nil {
			cancel()
			var apiErr *apierror.Error
			if errors.As(err, &apiErr) && apiErr.StatusCode >= 400 && apiErr.StatusCode <= 499 {
				s.end(err, false)
				return false
			}
			s.failures++
			lastErr = err
			continue
		}
		if resp.StatusCode == http.StatusNoContent {
			resp.Body.Close()
			cancel()
			s.end(nil, false)
			return false
		}
		s.attach(resp, cancel)
		return true
	}
}

// defaultBackoff doubles the retry value per consecutive failure (at least
// 100ms after a failure, at most 30s) and adds ±25% jitter.
func defaultBackoff(attempt int, retry time.Duration) time.Duration {
	d := retry
	if attempt > 1 && d < minBackoff {
		d = minBackoff
	}
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	if d > maxBackoff {
		d = max(maxBackoff, retry)
	}
	if d <= 0 {
		return 0
	}
	return d*3/4 + rand.N(d/2+1)
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// end finishes the stream with err (nil for a normal end). With drain, the
// rest of the body is read first, within DrainLimit and DrainTimeout, so the
// connection can be reused.
func (s *Stream[T]) end(err error, drain bool) {
	if s.ended {
		return
	}
	s.ended = true
	s.err = err
	if s.c == nil {
		return
	}
	if drain && !s.c.released {
		s.drain()
	}
	s.c.release()
}

// drain reads and throws away the rest of the body, so the connection can
// be reused, bounded by DrainLimit and DrainTimeout. The timeout is short
// (DefaultDrainTimeout): a server that closes after its last event is
// drained within it, and a proxy that never closes costs the caller no
// more than that before the connection is closed. No goroutine is started:
// a timer aborts the read.
func (s *Stream[T]) drain() {
	limit, timeout := s.cfg.DrainLimit, s.cfg.DrainTimeout
	if limit == 0 {
		limit = DefaultDrainLimit
	}
	if timeout == 0 {
		timeout = DefaultDrainTimeout
	}
	if limit < 0 || timeout < 0 {
		return
	}
	t := time.AfterFunc(timeout, s.c.abort)
	_, _ = io.CopyN(io.Discard, s.c.resp.Body, limit)
	t.Stop()
}

// Current returns the event decoded by the last successful Next.
func (s *Stream[T]) Current() T { return s.cur }

// Event returns the raw envelope of the current event (ID, Type, Data,
// Retry); Data is valid until the next call to Next.
func (s *Stream[T]) Event() Event { return s.ev }

// LastEventID returns the last SSE event ID seen ("" for other formats).
func (s *Stream[T]) LastEventID() string {
	if s.sse == nil {
		return ""
	}
	return s.sse.LastEventID()
}

// Err returns the error that ended the stream, or nil when it ended normally
// (a done event, the end of a stream without a done rule, Close). It is
// ctx.Err() when the context was cancelled; errors.Is(err,
// io.ErrUnexpectedEOF) when the body ended before a done event; an
// *apierror.Error for an error event.
func (s *Stream[T]) Err() error { return s.err }

// Close stops the stream and closes its connection. It is idempotent and
// safe on a stream that already ended or failed.
func (s *Stream[T]) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	s.ended = true
	if s.c == nil {
		return nil
	}
	return s.c.release()
}

// All returns the events as a range-over-func iterator. A non-nil error is
// yielded once, last. Leaving the loop early closes the stream.
func (s *Stream[T]) All() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for s.Next() {
			if !yield(s.cur, nil) {
				s.Close()
				return
			}
		}
		if err := s.Err(); err != nil {
			var zero T
			yield(zero, err)
		}
	}
}
