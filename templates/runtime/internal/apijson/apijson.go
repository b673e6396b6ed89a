// Package apijson holds the JSON helpers of generated code: Reader, the
// reflection-free decoder of the models of stream events (reader.go), and
// the helpers unions use to tell their variants apart without decoding the
// whole value twice.
package apijson

import (
	"bytes"
	"encoding/json"
)

// Kind returns the JSON type of raw: "object", "array", "string",
// "number", "boolean", "null", or "" for empty input.
func Kind(raw []byte) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// Property returns the string value of the top-level property name of a
// JSON object, and whether it is there and a string.
func Property(raw []byte, name string) (string, bool) {
	if Kind(raw) != "object" {
		return "", false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return "", false
	}
	v, ok := obj[name]
	if !ok {
		return "", false
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}

// Has reports whether the JSON object raw has the top-level property name.
func Has(raw []byte, name string) bool {
	if Kind(raw) != "object" {
		return false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return false
	}
	_, ok := obj[name]
	return ok
}

// Fits reports whether raw decodes into dst with no unknown fields: the
// test a union without a better strategy uses to pick a variant.
func Fits(raw []byte, dst any) bool {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(dst) == nil
}

// Extra returns the top-level properties of the JSON object raw that are
// not among known: the fields a newer API sent that the SDK has no field
// for. It returns nil when there are none.
func Extra(raw []byte, known ...string) map[string]json.RawMessage {
	if Kind(raw) != "object" {
		return nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return nil
	}
	for _, k := range known {
		delete(obj, k)
	}
	if len(obj) == 0 {
		return nil
	}
	return obj
}

// OnlyKeys reports whether raw is a JSON object whose every top-level
// property is among known: the test a union without a better strategy uses
// to pick an object variant. (A model's own UnmarshalJSON does not see a
// decoder's DisallowUnknownFields, so decoding cannot answer this.)
func OnlyKeys(raw []byte, known ...string) bool {
	if Kind(raw) != "object" {
		return false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return false
	}
	for k := range obj {
		found := false
		for _, n := range known {
			if n == k {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
