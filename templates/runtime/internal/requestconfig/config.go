// Package requestconfig is the HTTP core of a generated SDK: the settings
// that options change, the description of one request that generated
// methods build, and the loop that sends it with retries.
package requestconfig

import (
	"net/http"
	"net/url"
	"time"
)

// Config is what options set. One Config is built per call, from the
// client's options followed by the call's, so a per-call option wins.
type Config struct {
	BaseURL        string
	HTTPClient     *http.Client
	Header         http.Header
	Query          url.Values
	MaxRetries     int
	RequestTimeout time.Duration
	Middlewares    []Middleware
	// Credentials hold auth values by setting name ("api_key"); Auth says how
	// each is sent.
	Credentials map[string]string
	Auth        []AuthScheme
	// IdempotencyHeader is sent with one key reused by every attempt of a
	// non-GET request; empty disables it.
	IdempotencyHeader string
	// Stream settings.
	StreamIdleTimeout time.Duration
	MaxEventSize      int
	MaxReconnects     int
	// retryBase and retryMax bound the backoff between attempts.
	retryBase, retryMax time.Duration
}

// Option changes a Config. The SDK's option package re-exports it as
// RequestOption.
type Option func(*Config) error

// MiddlewareNext sends a request on to the next middleware or the transport.
type MiddlewareNext = func(*http.Request) (*http.Response, error)

// Middleware wraps every attempt of every request.
type Middleware = func(*http.Request, MiddlewareNext) (*http.Response, error)

// AuthScheme says how the credential of one setting is sent.
type AuthScheme struct {
	// Setting is the credential's name in Config.Credentials.
	Setting string
	// Kind is "bearer", "basic" (value "user:password"), "header", "query"
	// or "cookie".
	Kind string
	// Param is the header, query or cookie name for "header", "query" and
	// "cookie".
	Param string
}

// Default settings, chosen like the best hand-written SDKs.
const (
	DefaultMaxRetries   = 2
	DefaultMaxEventSize = 32 << 20
	defaultRetryBase    = 500 * time.Millisecond
	defaultRetryMax     = 8 * time.Second
	// maxRetryAfter caps how long a server's Retry-After may make us wait.
	maxRetryAfter = 60 * time.Second
)

// NewConfig applies opts in order to a Config holding the defaults.
func NewConfig(opts []Option) (*Config, error) {
	c := &Config{
		HTTPClient:        http.DefaultClient,
		Header:            http.Header{},
		Query:             url.Values{},
		MaxRetries:        DefaultMaxRetries,
		Credentials:       map[string]string{},
		IdempotencyHeader: "Idempotency-Key",
		MaxEventSize:      DefaultMaxEventSize,
		MaxReconnects:     5,
		retryBase:         defaultRetryBase,
		retryMax:          defaultRetryMax,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// WithRetryBackoff sets the first and the largest wait between attempts.
// Tests use it to keep retries fast.
func WithRetryBackoff(base, limit time.Duration) Option {
	return func(c *Config) error {
		c.retryBase, c.retryMax = base, limit
		return nil
	}
}
