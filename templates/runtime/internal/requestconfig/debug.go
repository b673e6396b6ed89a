package requestconfig

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// redactedHeaders never reach a debug log with their values.
var redactedHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "Api-Key"}

// DebugLog returns a middleware that writes one line per attempt to w:
// method, URL, status, duration, and the request headers with every
// credential redacted (the auth headers, cookies, and the headers and query
// parameters the client's auth settings use). Bodies are not logged.
func DebugLog(w io.Writer, auth func() []AuthScheme) Middleware {
	return func(req *http.Request, next MiddlewareNext) (*http.Response, error) {
		start := time.Now()
		resp, err := next(req)
		secret := map[string]bool{}
		secretQuery := map[string]bool{}
		for _, h := range redactedHeaders {
			secret[http.CanonicalHeaderKey(h)] = true
		}
		for _, a := range auth() {
			switch a.Kind {
			case "header":
				secret[http.CanonicalHeaderKey(a.Param)] = true
			case "query":
				secretQuery[a.Param] = true
			}
		}
		u := *req.URL
		q := u.Query()
		for k := range q {
			if secretQuery[k] {
				q.Set(k, "REDACTED")
			}
		}
		u.RawQuery = q.Encode()
		var headers []string
		for k, vs := range req.Header {
			v := strings.Join(vs, ", ")
			if secret[http.CanonicalHeaderKey(k)] {
				v = "REDACTED"
			}
			headers = append(headers, k+": "+v)
		}
		slices.Sort(headers)
		status := "error: "
		if err != nil {
			status += err.Error()
		} else {
			status = resp.Status
		}
		fmt.Fprintf(w, "sdk: %s %s -> %s (%s) [%s]\n", req.Method, u.String(), status, time.Since(start).Round(time.Millisecond), strings.Join(headers, "; "))
		return resp, err
	}
}
