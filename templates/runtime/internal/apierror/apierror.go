// Package apierror holds the error type every generated SDK returns for a
// failed API call or a mid-stream error event. The SDK's root package
// re-exports it as Error, so users write errors.As(err, &sdk.Error{}).
package apierror

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Error is returned for a non-2xx response, or for an error reported inside a
// stream (an error event, or a yielded event whose error property is set).
type Error struct {
	// StatusCode is the HTTP status of the response (for a mid-stream error,
	// the status the stream was opened with, usually 200).
	StatusCode int
	// Message is the human-readable message: error.message, message, or the
	// raw body, whichever the payload has.
	Message string
	// Code and Type are taken from the payload when it has them.
	Code string
	Type string
	// RequestID is the response's request ID header, when present.
	RequestID string
	// Body is the raw response body or event data.
	Body []byte
	// Parsed is the error body decoded into the type the spec declares for
	// this status, when it declares one; nil otherwise.
	Parsed any
	// EventType, EventID are set for an error that came from a stream event.
	EventType string
	EventID   string
	// Request and Response are the HTTP exchange; Response.Body is closed.
	Request  *http.Request
	Response *http.Response
}

// Error renders "POST /v1/x: 404 Not Found: message".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Request != nil && e.Request.URL != nil {
		fmt.Fprintf(&b, "%s %s: ", e.Request.Method, e.Request.URL.Path)
	}
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	} else {
		b.WriteString("error")
	}
	if e.EventType != "" {
		fmt.Fprintf(&b, " (stream event %q)", e.EventType)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request ID %s)", e.RequestID)
	}
	return b.String()
}

// FromResponse reads (at most limit bytes of) a failed response's body,
// closes it, and returns the *Error describing it: status, message, code and
// type from the payload, request ID, raw body, and the exchange.
func FromResponse(resp *http.Response, limit int64) *Error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, limit))
	resp.Body.Close()
	msg, code, typ := MessageFrom(body)
	return &Error{
		StatusCode: resp.StatusCode,
		Message:    msg,
		Code:       code,
		Type:       typ,
		RequestID:  RequestID(resp.Header),
		Body:       body,
		Request:    resp.Request,
		Response:   resp,
	}
}

// RequestID returns the request ID header of a response: X-Request-Id,
// Request-Id, X-Amzn-Requestid or Cf-Ray, the first that is set.
func RequestID(h http.Header) string {
	for _, k := range []string{"X-Request-Id", "Request-Id", "X-Amzn-Requestid", "Cf-Ray"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// MessageFrom extracts a message, code and type from an error payload:
// {"error": {"message", "code", "type"}}, {"error": "text"}, {"message": ...},
// a JSON string, or else the raw text (trimmed and shortened).
func MessageFrom(body []byte) (message, code, typ string) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) == nil {
		if inner, ok := obj["error"]; ok {
			var s string
			if json.Unmarshal(inner, &s) == nil {
				return s, "", ""
			}
			if m, c, t := fields(inner); m != "" || c != "" || t != "" {
				return m, c, t
			}
		}
		if m, c, t := fields(body); m != "" {
			return m, c, t
		}
	}
	var s string
	if json.Unmarshal(body, &s) == nil {
		return s, "", ""
	}
	text := strings.TrimSpace(string(body))
	if len(text) > 512 {
		text = text[:512] + "…"
	}
	return text, "", ""
}

func fields(raw []byte) (message, code, typ string) {
	var f struct {
		Message json.RawMessage `json:"message"`
		Detail  json.RawMessage `json:"detail"`
		Code    json.RawMessage `json:"code"`
		Type    json.RawMessage `json:"type"`
	}
	if json.Unmarshal(raw, &f) != nil {
		return "", "", ""
	}
	return scalar(f.Message, f.Detail), scalar(f.Code), scalar(f.Type)
}

// scalar renders the first non-empty JSON value as text: a string unquoted,
// anything else as written.
func scalar(values ...json.RawMessage) string {
	for _, v := range values {
		if len(v) == 0 || string(v) == "null" {
			continue
		}
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
		return string(v)
	}
	return ""
}
