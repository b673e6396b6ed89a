package requestconfig

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/sdkgen/sdkgen/templates/runtime/internal/apierror"
	"github.com/sdkgen/sdkgen/templates/runtime/streaming"
)

// Stream opens a streaming call. The first connection goes through Send
// with its retries (a stream is retried only before its first body byte);
// a non-2xx status comes back as *apierror.Error and a reply that is not a
// stream (a JSON answer to a streaming call) as an error, never as an empty
// stream. Reconnections make one attempt each with Last-Event-ID; the
// stream does the backoff.
func Stream[T any](ctx context.Context, req *Request, sc streaming.Config, opts []Option) (*streaming.Stream[T], error) {
	cfg, err := NewConfig(opts)
	if err != nil {
		return nil, err
	}
	sc.MaxEventSize = cfg.MaxEventSize
	sc.IdleTimeout = cfg.StreamIdleTimeout
	// WithMaxReconnects(0) turns reconnection off, as WithMaxRetries(0)
	// turns retries off; the streaming package spells "none" as -1.
	sc.MaxReconnects = cfg.MaxReconnects
	if sc.MaxReconnects == 0 {
		sc.MaxReconnects = -1
	}
	if req.Accept == "" {
		req.Accept = acceptFor(sc.Format)
	}
	connect := func(ctx context.Context, lastEventID string, reconnect bool) (*http.Response, error) {
		attempt := *req
		attempt.Header = req.Header.Clone()
		if lastEventID != "" {
			attempt.Header.Set("Last-Event-ID", lastEventID)
		}
		c := *cfg
		if reconnect {
			c.MaxRetries = 0
		}
		resp, cancel, err := Send(ctx, &c, &attempt, true)
		if err != nil {
			return nil, err
		}
		resp.Body = &releaseOnClose{ReadCloser: resp.Body, release: cancel}
		if resp.StatusCode == http.StatusNoContent {
			return resp, nil
		}
		if err := checkStreamType(resp, sc.Format); err != nil {
			resp.Body.Close()
			return nil, err
		}
		return resp, nil
	}
	return streaming.Open[T](ctx, connect, sc)
}

// releaseOnClose ends the attempt's context when the stream closes its body.
type releaseOnClose struct {
	io.ReadCloser
	release context.CancelFunc
}

func (r *releaseOnClose) Close() error {
	err := r.ReadCloser.Close()
	r.release()
	return err
}

// acceptFor is the Accept header of a stream format.
func acceptFor(f streaming.Format) string {
	switch f {
	case streaming.NDJSON:
		return "application/x-ndjson"
	case streaming.JSONSeq:
		return "application/json-seq"
	}
	return "text/event-stream"
}

// checkStreamType refuses a response that is not the stream asked for. A
// missing Content-Type is accepted.
func checkStreamType(resp *http.Response, f streaming.Format) error {
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	// Any stream format is accepted: the stream decodes the one the server
	// chose (an operation may offer several); anything else, a JSON reply
	// above all, is an error.
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		switch mt {
		case "text/event-stream", "application/x-ndjson", "application/jsonl", "application/json-lines",
			"application/jsonlines", "application/x-jsonlines", "application/stream+json", "application/json-seq":
			return nil
		}
	}
	e := apierror.FromResponse(resp, maxErrorBody)
	e.Message = fmt.Sprintf("expected a %s stream but the response is %s: %s", acceptFor(f), ct, e.Message)
	return e
}
