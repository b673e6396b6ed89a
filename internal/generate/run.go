package generate

import (
	"errors"

	"github.com/sdkgen/sdkgen/internal/diag"
)

// Generate turns a spec and a config into SDK files. It is pure: it reads
// only its Input and writes nothing. Diagnostics carry every problem found;
// files are nil when any of them is an error. The error result is for
// failures of sdkgen itself, never for bad input.
func Generate(in Input) ([]File, diag.List, error) {
	return nil, nil, errors.New("generate: pipeline not wired yet")
}
