// Package option holds the options that configure a client (NewClient) or
// one call (the last argument of every method). A per-call option wins over
// a client option.
package option

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/sdkgen/sdkgen/templates/runtime/internal/requestconfig"
)

// RequestOption changes how a request is made.
type RequestOption = requestconfig.Option

// Middleware wraps every attempt of every request: call next to send it on.
type Middleware = requestconfig.Middleware

// MiddlewareNext sends a request on to the next middleware or the transport.
type MiddlewareNext = requestconfig.MiddlewareNext

// WithBaseURL sets the URL that request paths are relative to.
func WithBaseURL(base string) RequestOption {
	return func(c *requestconfig.Config) error {
		u, err := url.Parse(base)
		if err != nil {
			return err
		}
		if u.Scheme == "" || u.Host == "" {
			return errors.New("option.WithBaseURL: " + base + " is not an absolute URL")
		}
		c.BaseURL = base
		return nil
	}
}

// WithHTTPClient sets the HTTP client requests are sent with.
func WithHTTPClient(client *http.Client) RequestOption {
	return func(c *requestconfig.Config) error {
		if client == nil {
			return errors.New("option.WithHTTPClient: nil client")
		}
		c.HTTPClient = client
		return nil
	}
}

// WithHeader sets a header on every request, replacing earlier values.
func WithHeader(key, value string) RequestOption {
	return func(c *requestconfig.Config) error {
		c.Header.Set(key, value)
		return nil
	}
}

// WithHeaderAdd adds a header value to every request.
func WithHeaderAdd(key, value string) RequestOption {
	return func(c *requestconfig.Config) error {
		c.Header.Add(key, value)
		return nil
	}
}

// WithHeaderDel removes a header that an earlier option set.
func WithHeaderDel(key string) RequestOption {
	return func(c *requestconfig.Config) error {
		c.Header.Del(key)
		return nil
	}
}

// WithQuery sets a query parameter on every request.
func WithQuery(key, value string) RequestOption {
	return func(c *requestconfig.Config) error {
		c.Query.Set(key, value)
		return nil
	}
}

// WithMaxRetries sets how many times a failed request is retried (default 2).
func WithMaxRetries(n int) RequestOption {
	return func(c *requestconfig.Config) error {
		if n < 0 {
			return errors.New("option.WithMaxRetries: negative count")
		}
		c.MaxRetries = n
		return nil
	}
}

// WithRequestTimeout bounds each attempt: up to the end of the body for a
// plain call, up to the response headers for a stream (a live stream is
// never cut by it; see WithStreamIdleTimeout).
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(c *requestconfig.Config) error {
		c.RequestTimeout = d
		return nil
	}
}

// WithMiddleware adds middlewares; the first given is the outermost.
func WithMiddleware(mws ...Middleware) RequestOption {
	return func(c *requestconfig.Config) error {
		c.Middlewares = append(c.Middlewares, mws...)
		return nil
	}
}

// WithDebugLog writes one line per request attempt to w: method, URL,
// status, duration and headers, with credentials (Authorization, API keys,
// cookies, and auth query parameters) redacted. Bodies are not logged.
func WithDebugLog(w io.Writer) RequestOption {
	return func(c *requestconfig.Config) error {
		c.Middlewares = append(c.Middlewares, requestconfig.DebugLog(w, func() []requestconfig.AuthScheme { return c.Auth }))
		return nil
	}
}

// WithIdempotencyHeader sets the header that carries the idempotency key of
// non-GET requests; an empty name turns the key off.
func WithIdempotencyHeader(name string) RequestOption {
	return func(c *requestconfig.Config) error {
		c.IdempotencyHeader = name
		return nil
	}
}

// WithStreamIdleTimeout ends (or, for a resumable stream, reconnects) a
// stream that has received no byte for d.
func WithStreamIdleTimeout(d time.Duration) RequestOption {
	return func(c *requestconfig.Config) error {
		c.StreamIdleTimeout = d
		return nil
	}
}

// WithMaxEventSize bounds one stream event (or line) in bytes (default 32 MiB);
// an SSE line may hold 64 bytes more, for its field name.
func WithMaxEventSize(n int) RequestOption {
	return func(c *requestconfig.Config) error {
		if n <= 0 {
			return errors.New("option.WithMaxEventSize: size must be positive")
		}
		c.MaxEventSize = n
		return nil
	}
}

// WithMaxReconnects bounds consecutive failed reconnection attempts of a
// resumable stream (default 5); 0 turns reconnection off.
func WithMaxReconnects(n int) RequestOption {
	return func(c *requestconfig.Config) error {
		c.MaxReconnects = n
		return nil
	}
}

// WithCredential sets the value of an auth setting by name. Generated SDKs
// offer one typed option per setting (WithAPIKey...); this is what they call.
func WithCredential(setting, value string) RequestOption {
	return func(c *requestconfig.Config) error {
		c.Credentials[setting] = value
		return nil
	}
}

// WithAuthScheme says how an auth setting is sent. Generated clients pass
// one per setting; users rarely need it.
func WithAuthScheme(setting, kind, param string) RequestOption {
	return func(c *requestconfig.Config) error {
		for i, a := range c.Auth {
			if a.Setting == setting {
				c.Auth[i] = requestconfig.AuthScheme{Setting: setting, Kind: kind, Param: param}
				return nil
			}
		}
		c.Auth = append(c.Auth, requestconfig.AuthScheme{Setting: setting, Kind: kind, Param: param})
		return nil
	}
}
