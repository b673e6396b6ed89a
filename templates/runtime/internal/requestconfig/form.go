package requestconfig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Body encodings besides JSON.
const (
	// EncodingForm is application/x-www-form-urlencoded.
	EncodingForm = "form"
	// EncodingMultipart is multipart/form-data.
	EncodingMultipart = "multipart"
)

// encodeForm renders a params struct (and extra fields, such as a stream
// switch) as application/x-www-form-urlencoded: scalars as key=value,
// objects as key[sub]=value, lists as repeated keys (lists of objects as
// key[i][sub]=value). Fields are taken as encoding/json sees them, so
// omitted optionals stay out.
func encodeForm(body any, extra map[string]any) ([]byte, error) {
	fields, err := formFields(body, extra, nil)
	if err != nil {
		return nil, err
	}
	var parts []string
	for _, f := range fields {
		parts = append(parts, url.QueryEscape(f[0])+"="+url.QueryEscape(f[1]))
	}
	return []byte(strings.Join(parts, "&")), nil
}

// encodeMultipart renders a params struct as multipart/form-data: io.Reader
// fields become file parts (named after the file when the reader has a
// Name method, as *os.File does), everything else text parts flattened as
// for forms. It returns the body and its content type with the boundary.
func encodeMultipart(body any, extra map[string]any) ([]byte, string, error) {
	files := map[string]io.Reader{}
	fields, err := formFields(body, extra, files)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return nil, "", err
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		r := files[name]
		filename := name
		if n, ok := r.(interface{ Name() string }); ok && n.Name() != "" {
			filename = n.Name()
			if i := strings.LastIndexAny(filename, `/\`); i >= 0 {
				filename = filename[i+1:]
			}
		}
		part, err := w.CreateFormFile(name, filename)
		if err != nil {
			return nil, "", err
		}
		if _, err := io.Copy(part, r); err != nil {
			return nil, "", fmt.Errorf("reading %s: %w", name, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

// formFields flattens body's JSON form into key/value pairs in key order.
// With files non-nil, io.Reader fields are moved there instead.
func formFields(body any, extra map[string]any, files map[string]io.Reader) ([][2]string, error) {
	obj := map[string]any{}
	if body != nil {
		if files != nil {
			collectReaders(reflect.ValueOf(body), files)
		}
		data, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encoding request body: %w", err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil {
			return nil, fmt.Errorf("request body is not an object: %w", err)
		}
	}
	for k, v := range extra {
		obj[k] = v
	}
	for name := range files {
		delete(obj, name)
	}
	var out [][2]string
	flatten("", obj, &out)
	return out, nil
}

// collectReaders finds the io.Reader fields of a params struct by their
// JSON names.
func collectReaders(v reflect.Value, files map[string]io.Reader) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	readerType := reflect.TypeFor[io.Reader]()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || f.Type != readerType || v.Field(i).IsNil() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			name = f.Name
		}
		files[name] = v.Field(i).Interface().(io.Reader)
	}
}

// flatten appends the form pairs of value under key.
func flatten(key string, value any, out *[][2]string) {
	switch v := value.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			sub := k
			if key != "" {
				sub = key + "[" + k + "]"
			}
			flatten(sub, v[k], out)
		}
	case []any:
		for i, item := range v {
			switch item.(type) {
			case map[string]any, []any:
				flatten(key+"["+strconv.Itoa(i)+"]", item, out)
			default:
				flatten(key, item, out)
			}
		}
	case nil:
		// A null leaves the field out; forms have no null.
	case string:
		*out = append(*out, [2]string{key, v})
	case json.Number:
		*out = append(*out, [2]string{key, v.String()})
	case bool:
		*out = append(*out, [2]string{key, strconv.FormatBool(v)})
	default:
		*out = append(*out, [2]string{key, fmt.Sprint(v)})
	}
}
