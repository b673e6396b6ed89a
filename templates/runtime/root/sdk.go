// Package root is the fixed part of a generated SDK's root package. The
// emitter copies it into the SDK with the package clause renamed; it is a
// real package here so that it is compiled and vetted with the rest of the
// runtime.
package root

import "github.com/sdkgen/sdkgen/templates/runtime/internal/apierror"

// Error is returned for a non-2xx response and for an error reported inside
// a stream. Use errors.As to get at its status code, message and body.
type Error = apierror.Error

// String returns a pointer to v, for optional string parameters.
func String(v string) *string { return &v }

// Int returns a pointer to v, for optional integer parameters.
func Int(v int64) *int64 { return &v }

// Float returns a pointer to v, for optional number parameters.
func Float(v float64) *float64 { return &v }

// Bool returns a pointer to v, for optional boolean parameters.
func Bool(v bool) *bool { return &v }

// Ptr returns a pointer to v, for optional parameters of any other type.
func Ptr[T any](v T) *T { return &v }
