package requestconfig

import (
	"encoding"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Request describes one API call. Generated methods fill it in; Do sends it.
type Request struct {
	Method string
	// Path is relative to the base URL and already escaped (ExpandPath).
	Path   string
	Query  url.Values
	Header http.Header
	// Body is encoded as JSON when not nil.
	Body any
	// BodyFields are merged into the JSON object Body encodes to (the
	// stream discriminator of a dual-mode method).
	BodyFields map[string]any
	// Encoding is how Body is sent: "" for JSON, EncodingForm or
	// EncodingMultipart.
	Encoding string
	// RawBody is sent as it is, with ContentType, when Body is nil.
	RawBody     io.Reader
	ContentType string
	// Accept is the media type asked for; default application/json.
	Accept string
	// ErrorTypes decode error bodies into the type the spec declares for a
	// status ("404", "4XX", "default").
	ErrorTypes map[string]func() any
	cookies    []*http.Cookie
	// rawQuery holds parameters already encoded, whose delimiters must not
	// be escaped (tags=a,b for a form array that does not explode).
	rawQuery []string
	err      error
}

// NewRequest starts a request for method and an escaped relative path.
func NewRequest(method, path string) *Request {
	return &Request{Method: method, Path: path, Query: url.Values{}, Header: http.Header{}}
}

// ExpandPath fills the {name} placeholders of template, in order, with
// values: each formatted as text and escaped so that it stays one path
// segment ("/" becomes %2F, "." and ".." cannot walk the path). An empty
// value is an error, returned before any network call.
func ExpandPath(template string, values ...any) (string, error) {
	var b strings.Builder
	rest := template
	for _, v := range values {
		open := strings.IndexByte(rest, '{')
		end := strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			return "", fmt.Errorf("path %q has fewer parameters than values", template)
		}
		name := rest[open+1 : end]
		text, ok := formatScalar(reflect.ValueOf(v))
		if !ok {
			return "", fmt.Errorf("path parameter %s: cannot format %T", name, v)
		}
		if text == "" {
			return "", fmt.Errorf("missing required path parameter %s", name)
		}
		b.WriteString(rest[:open])
		b.WriteString(escapeSegment(text))
		rest = rest[end+1:]
	}
	b.WriteString(rest)
	return b.String(), nil
}

// escapeSegment escapes a path parameter so that it cannot change the path.
func escapeSegment(s string) string {
	e := url.PathEscape(s)
	if e == "." || e == ".." {
		return strings.ReplaceAll(e, ".", "%2E")
	}
	return e
}

// QueryStyle is an OpenAPI query parameter style.
type QueryStyle int

// The OpenAPI query styles.
const (
	Form QueryStyle = iota
	SpaceDelimited
	PipeDelimited
	DeepObject
)

// Optional is a parameter that may be left out: the SDK's Opt type. Its
// value is sent only when present.
type Optional interface {
	OptionalValue() (any, bool)
}

// unwrap resolves an Optional to its value; ok is false when there is
// nothing to send.
func unwrap(value any) (any, bool) {
	if o, ok := value.(Optional); ok {
		return o.OptionalValue()
	}
	return value, true
}

// AddQuery adds a query parameter. A nil pointer, nil slice or nil map is
// left out; arrays follow style and explode; maps and structs use deepObject
// (name[key]=value) or form.
func (r *Request) AddQuery(name string, value any, style QueryStyle, explode bool) {
	value, ok := unwrap(value)
	if !ok {
		return
	}
	v := reflect.ValueOf(value)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return
		}
		items := make([]string, 0, v.Len())
		for i := range v.Len() {
			if s, ok := formatScalar(v.Index(i)); ok {
				items = append(items, s)
			}
		}
		if explode && style == Form {
			for _, s := range items {
				r.Query.Add(name, s)
			}
			return
		}
		// Each item is escaped on its own and the delimiter is written as
		// is, so ["a,b"] (a%2Cb) and ["a","b"] (a,b) stay distinct.
		sep := map[QueryStyle]string{Form: ",", SpaceDelimited: "%20", PipeDelimited: "|", DeepObject: ","}[style]
		for i, s := range items {
			items[i] = url.QueryEscape(s)
		}
		r.rawQuery = append(r.rawQuery, url.QueryEscape(name)+"="+strings.Join(items, sep))
	case reflect.Map:
		if v.IsNil() {
			return
		}
		keys := v.MapKeys()
		texts := make([]string, len(keys))
		for i, k := range keys {
			texts[i], _ = formatScalar(k)
		}
		order := sortedIndex(texts)
		for _, i := range order {
			val, ok := formatScalar(v.MapIndex(keys[i]))
			if !ok {
				continue
			}
			if style == DeepObject {
				r.Query.Add(name+"["+texts[i]+"]", val)
			} else {
				r.Query.Add(texts[i], val)
			}
		}
	default:
		if s, ok := formatScalar(v); ok {
			r.Query.Add(name, s)
		}
	}
}

// SetHeader sets a header parameter; a nil pointer is left out.
func (r *Request) SetHeader(name string, value any) {
	value, ok := unwrap(value)
	if !ok {
		return
	}
	v := reflect.ValueOf(value)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Slice {
		items := make([]string, 0, v.Len())
		for i := range v.Len() {
			if s, ok := formatScalar(v.Index(i)); ok {
				items = append(items, s)
			}
		}
		r.Header.Set(name, strings.Join(items, ","))
		return
	}
	if s, ok := formatScalar(v); ok {
		r.Header.Set(name, s)
	}
}

// AddCookie adds a cookie parameter; a nil pointer is left out.
func (r *Request) AddCookie(name string, value any) {
	value, ok := unwrap(value)
	if !ok {
		return
	}
	if s, ok := formatScalar(reflect.ValueOf(value)); ok {
		r.cookies = append(r.cookies, &http.Cookie{Name: name, Value: s})
	}
}

// errHeaderInjection is returned for a header value with CR or LF in it.
var errHeaderInjection = errors.New("header value contains a line break")

func checkHeaders(h http.Header) error {
	for name, values := range h {
		for _, v := range values {
			if strings.ContainsAny(v, "\r\n") || strings.ContainsAny(name, "\r\n: ") {
				return fmt.Errorf("header %q: %w", name, errHeaderInjection)
			}
		}
	}
	return nil
}

// formatScalar renders a scalar as the text a URL or header carries.
func formatScalar(v reflect.Value) (string, bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", false
	}
	if v.CanInterface() {
		switch x := v.Interface().(type) {
		case time.Time:
			return x.Format(time.RFC3339Nano), true
		case encoding.TextMarshaler:
			b, err := x.MarshalText()
			return string(b), err == nil
		}
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), true
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, v.Type().Bits()), true
	}
	return fmt.Sprint(v.Interface()), true
}

// sortedIndex returns the indexes of texts in sorted order, so map keys
// are always sent in the same order.
func sortedIndex(texts []string) []int {
	idx := make([]int, len(texts))
	for i := range idx {
		idx[i] = i
	}
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && texts[idx[j]] < texts[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	return idx
}
