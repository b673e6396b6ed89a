// Package root is the fixed part of a generated SDK's root package. The
// emitter copies it into the SDK with the package clause renamed; it is a
// real package here so that it is compiled and vetted with the rest of the
// runtime.
package root

import "github.com/sdkgen/sdkgen/templates/runtime/internal/apierror"

// Error is returned for a non-2xx response and for an error reported inside
// a stream. Use errors.As to get at its status code, message and body.
type Error = apierror.Error

// Ptr returns a pointer to v.
func Ptr[T any](v T) *T { return &v }
