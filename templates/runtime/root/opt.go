package root

import "encoding/json"

// Opt is an optional parameter in three states: left out (the zero value),
// set to a value (String, Int, Float, Bool, Value), or set to an explicit
// JSON null (Null). A params struct leaves out every Opt that is not set.
type Opt[T any] struct {
	value T
	state optState
}

type optState uint8

const (
	optOmitted optState = iota
	optValue
	optNull
)

// Value returns an Opt set to v.
func Value[T any](v T) Opt[T] { return Opt[T]{value: v, state: optValue} }

// Null returns an Opt set to an explicit null, for nullable parameters.
func Null[T any]() Opt[T] { return Opt[T]{state: optNull} }

// String returns an Opt set to v, for optional string parameters.
func String(v string) Opt[string] { return Value(v) }

// Int returns an Opt set to v, for optional integer parameters.
func Int(v int64) Opt[int64] { return Value(v) }

// Float returns an Opt set to v, for optional number parameters.
func Float(v float64) Opt[float64] { return Value(v) }

// Bool returns an Opt set to v, for optional boolean parameters.
func Bool(v bool) Opt[bool] { return Value(v) }

// Get returns the value and whether the Opt is set to one.
func (o Opt[T]) Get() (T, bool) { return o.value, o.state == optValue }

// IsNull reports whether the Opt is set to an explicit null.
func (o Opt[T]) IsNull() bool { return o.state == optNull }

// IsZero reports whether the Opt is left out; encoding/json's omitzero uses
// it to leave the parameter out of the request.
func (o Opt[T]) IsZero() bool { return o.state == optOmitted }

// MarshalJSON encodes the value, or null.
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if o.state == optNull {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}

// UnmarshalJSON sets the Opt from JSON: null gives Null, anything else a
// value.
func (o *Opt[T]) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*o = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*o = Value(v)
	return nil
}

// OptionalValue gives the request builder the value of a query, header or
// cookie parameter, and whether there is one to send (null is not sent).
func (o Opt[T]) OptionalValue() (any, bool) { return o.value, o.state == optValue }
