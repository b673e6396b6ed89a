package openapi

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sdkgen/sdkgen/internal/diag"
	"gopkg.in/yaml.v3"
)

// parseSource parses a YAML or JSON file into a node tree. A document that
// starts with '{' or '[' is read as JSON first, with a JSON syntax error
// reported if YAML cannot read it either.
func parseSource(file string, data []byte) (*source, *diag.Diagnostic) {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		n, jerr := scanJSON(data)
		if jerr == nil {
			return &source{file: file, root: deref(n)}, nil
		}
		// Some "JSON" files are YAML flow style (comments, unquoted keys).
		if n, yerr := parseYAML(data); yerr == nil {
			return &source{file: file, root: deref(n)}, nil
		}
		var se *jsonSyntaxError
		pos := diag.Pos{File: file}
		msg := jerr.Error()
		if errors.As(jerr, &se) {
			pos.Line, pos.Col, msg = se.line, se.col, se.msg
		}
		return nil, syntaxError(pos, "JSON", msg)
	}
	n, err := parseYAML(data)
	if err != nil {
		pos, msg := yamlErrorPos(file, err)
		return nil, syntaxError(pos, "YAML", msg)
	}
	if n.Kind != yaml.DocumentNode {
		return &source{file: file}, nil // empty input
	}
	return &source{file: file, root: deref(n)}, nil
}

func syntaxError(pos diag.Pos, format, msg string) *diag.Diagnostic {
	var l diag.List
	l.Errorf(pos, "Spec/Syntax", "fix the "+format+" syntax at this line", "invalid %s: %s", format, msg)
	return &l[0]
}

// parseYAML parses the first YAML document in data into a node.
func parseYAML(data []byte) (n *yaml.Node, err error) {
	defer func() {
		// yaml.v3 has panicked on malformed input before; never pass it on.
		if r := recover(); r != nil {
			n, err = nil, fmt.Errorf("yaml: %v", r)
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

// yamlErrorPos pulls the line out of a yaml.v3 error ("yaml: line 7: did
// not find expected key") and returns the rest as the message.
func yamlErrorPos(file string, err error) (diag.Pos, string) {
	pos := diag.Pos{File: file}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		num, after, found := strings.Cut(rest, ":")
		if n, err := strconv.Atoi(num); err == nil && found {
			pos.Line = n
			msg = strings.TrimSpace(after)
		}
	}
	// "unmarshal errors:\n  line 3: ..." lists more than one.
	if first, ok := strings.CutPrefix(msg, "unmarshal errors:\n"); ok {
		first, _, _ = strings.Cut(strings.TrimSpace(first), "\n")
		return yamlErrorPos(file, errors.New(first))
	}
	return pos, msg
}
