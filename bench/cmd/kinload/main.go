// Command kinload loads an OpenAPI 3 spec with kin-openapi and nothing else:
// the baseline cmdbench compares sdkgen's whole generation with.
//
//	kinload spec.yaml
//
// It reads the file and decodes it into kin-openapi's document
// (openapi3.NewLoader().LoadFromFile, local $refs resolved), with no
// validation, and exits 1 if that fails.
package main

import (
	"fmt"
	"os"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: kinload spec.yaml")
		os.Exit(2)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "kinload:", err)
		os.Exit(1)
	}
	fmt.Printf("%d paths\n", doc.Paths.Len())
}
