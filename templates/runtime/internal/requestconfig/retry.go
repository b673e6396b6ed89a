package requestconfig

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// shouldRetry decides whether attempt (0-based) is followed by another, and
// how long to wait first. Connection errors, 408, 409, 429 and 5xx are
// retried; a cancelled or expired context never is.
func shouldRetry(cfg *Config, attempt int, resp *http.Response, err error) (bool, time.Duration) {
	if attempt >= cfg.MaxRetries {
		return false, 0
	}
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errHeaderInjection) {
			return false, 0
		}
		return true, backoff(cfg, attempt)
	}
	switch s := resp.StatusCode; {
	case s == http.StatusRequestTimeout, s == http.StatusConflict, s == http.StatusTooManyRequests, s >= 500:
	default:
		return false, 0
	}
	if d, ok := retryAfter(resp.Header, time.Now()); ok {
		return true, d
	}
	return true, backoff(cfg, attempt)
}

// backoff is exponential from cfg.retryBase, capped at cfg.retryMax, with up
// to 25% taken off at random so clients do not retry in step.
func backoff(cfg *Config, attempt int) time.Duration {
	d := cfg.retryBase << min(attempt, 20)
	if d > cfg.retryMax || d <= 0 {
		d = cfg.retryMax
	}
	jitter := time.Duration(rand.Int64N(int64(d)/4 + 1))
	return d - jitter
}

// retryAfter reads Retry-After-Ms, then Retry-After (seconds or an HTTP
// date). Values that are negative or over a minute are ignored.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil {
			return capped(time.Duration(ms * float64(time.Millisecond)))
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		return capped(time.Duration(secs * float64(time.Second)))
	}
	if t, err := http.ParseTime(v); err == nil {
		return capped(t.Sub(now))
	}
	return 0, false
}

func capped(d time.Duration) (time.Duration, bool) {
	if d < 0 || d > maxRetryAfter {
		return 0, false
	}
	return d, true
}

// sleep waits d, or less if ctx ends first.
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
