package openapi

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/sdkgen/sdkgen/internal/diag"
	"gopkg.in/yaml.v3"
)

// loadError turns an error from kin-openapi's loader into an error
// diagnostic, with the position of the $ref or field it is about when the
// message names one.
func (l *loader) loadError(err error) {
	msg := err.Error()
	if strings.Contains(msg, "cannot unmarshal") {
		l.typeError(msg)
		return
	}
	if at, ref, reason := l.brokenRef(); at != nil {
		if reason == "" {
			reason = msg
		}
		l.unresolvedRef(at, ref, reason)
		return
	}
	for _, q := range quoted(msg) {
		if !looksLikeRef(q) {
			continue
		}
		at := findRef(l.root.root, q)
		if at == nil {
			continue
		}
		l.unresolvedRef(at, q, msg)
		return
	}
	l.diags.Errorf(diag.Pos{File: l.file}, "Spec/Invalid", "fix the document so that kin-openapi can read it",
		"the document cannot be loaded: %s", trimKinPrefixes(msg))
}

// unresolvedRef reports a $ref that does not resolve, with a suggestion for
// a local component reference that is a typo.
func (l *loader) unresolvedRef(at *yaml.Node, ref, msg string) {
	pos := l.root.pos(at)
	switch {
	case strings.Contains(msg, "remote reference"):
		l.diags.Errorf(pos, "Spec/UnresolvedRef", "download the file and refer to it by a relative path",
			"$ref %q points to the network; sdkgen only reads local files", ref)
		return
	case !strings.HasPrefix(ref, "#"):
		reason := msg
		if _, after, ok := strings.Cut(msg, ref+"\": "); ok {
			reason = after
		}
		l.diags.Errorf(pos, "Spec/UnresolvedRef",
			"check the path: a relative reference resolves against the directory of the file that contains it",
			"$ref %q does not resolve: %s", ref, trimKinPrefixes(reason))
		return
	}
	i := strings.LastIndex(ref, "/")
	parent, name := ref[:max(i, 1)], unescapePointer(ref[i+1:])
	fix := "define it there or correct the reference"
	if _, pn := l.nav.pointer(l.root.root, parent); isMap(pn) {
		if near, ok := diag.Nearest(name, l.nav.keys(pn)); ok {
			fix = "did you mean " + strconv.Quote(parent+"/"+escapePointer(near)) + "?"
		}
	}
	where := strings.ReplaceAll(strings.TrimPrefix(parent, "#/"), "/", ".")
	l.diags.Errorf(pos, "Spec/UnresolvedRef", fix, "$ref %q does not resolve: there is no %q in %s", ref, name, where)
}

// brokenRef finds the first $ref of the root document (in document order)
// that does not resolve, for an error kin-openapi reports without saying
// which. For a $ref into another file it returns why, when it knows.
func (l *loader) brokenRef() (at *yaml.Node, ref, reason string) {
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		if n == nil || seen[n] {
			return false
		}
		seen[n] = true
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "$ref" && v.Kind == yaml.ScalarNode {
					r := l.rewrites.rewritten(v, v.Value)
					if why, ok := l.refResolves(r); !ok {
						at, ref, reason = v, v.Value, why
						return true
					}
				}
			}
		}
		for _, c := range n.Content {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(l.root.root)
	return at, ref, reason
}

// refResolves reports whether ref, written in the root document, resolves.
func (l *loader) refResolves(ref string) (string, bool) {
	file, frag, _ := strings.Cut(ref, "#")
	src := l.root
	if file != "" {
		if u, err := url.Parse(file); err == nil && u.Scheme != "" && u.Scheme != "file" {
			return "remote reference", false
		}
		p := l.resolvePath(l.rootPath, file)
		if _, ok := l.files[p]; !ok {
			b, err := readLocal(p)
			if err != nil {
				return err.Error(), false
			}
			l.files[p] = b
		}
		if src = l.sourceFor(p); src == nil {
			return "the file is not valid YAML or JSON", false
		}
	}
	if _, v := l.nav.pointer(src.root, frag); v == nil {
		return "", false
	}
	return "", true
}

// typeError reports a value of the wrong type ("cannot unmarshal number
// into field Info.version of type string").
func (l *loader) typeError(msg string) {
	pos := diag.Pos{File: l.file}
	_, field, _ := strings.Cut(msg, "field ")
	field, want, _ := strings.Cut(field, " of type ")
	want, _, _ = strings.Cut(want, " ")
	if i := strings.LastIndex(field, "."); i >= 0 {
		field = field[i+1:]
	}
	if n := findMistyped(l.root.root, field, want); n != nil {
		pos = l.root.pos(n)
	}
	fix := "correct the type of the value"
	if want != "" {
		fix = "write the value as a " + strings.TrimPrefix(want, "[]")
		if strings.HasPrefix(want, "[]") {
			fix = "write the value as a list"
		}
	}
	l.diags.Errorf(pos, "Spec/Invalid", fix, "%s has the wrong type: %s", field, trimKinPrefixes(msg))
}

// findMistyped finds the first value under key field whose kind does not
// fit the Go type kin-openapi wanted.
func findMistyped(root *yaml.Node, field, want string) *yaml.Node {
	if field == "" {
		return nil
	}
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node) *yaml.Node
	walk = func(n *yaml.Node) *yaml.Node {
		if n == nil || seen[n] {
			return nil
		}
		seen[n] = true
		for i := 0; i+1 < len(n.Content) && n.Kind == yaml.MappingNode; i += 2 {
			k, v := n.Content[i], deref(n.Content[i+1])
			if k.Value == field && v != nil && !fits(v, want) {
				return v
			}
		}
		for _, c := range n.Content {
			if r := walk(c); r != nil {
				return r
			}
		}
		return nil
	}
	return walk(root)
}

func fits(v *yaml.Node, want string) bool {
	switch {
	case want == "string":
		return v.Kind == yaml.ScalarNode && (v.ShortTag() == "!!str" || v.ShortTag() == "!!null")
	case want == "bool":
		return v.Kind == yaml.ScalarNode && (v.ShortTag() == "!!bool" || v.ShortTag() == "!!null")
	case strings.HasPrefix(want, "[]"):
		return v.Kind == yaml.SequenceNode
	case strings.HasPrefix(want, "map"), strings.HasPrefix(want, "openapi"):
		return v.Kind == yaml.MappingNode
	case strings.HasPrefix(want, "int"), strings.HasPrefix(want, "uint"), strings.HasPrefix(want, "float"):
		return v.Kind == yaml.ScalarNode && (v.ShortTag() == "!!int" || v.ShortTag() == "!!float")
	}
	return true
}

// quoted returns the double-quoted Go strings in s, in order.
func quoted(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			continue
		}
		q, err := strconv.QuotedPrefix(s[i:])
		if err != nil {
			continue
		}
		if u, err := strconv.Unquote(q); err == nil {
			out = append(out, u)
		}
		i += len(q) - 1
	}
	return out
}

func looksLikeRef(s string) bool {
	return strings.Contains(s, "#") || strings.HasSuffix(s, ".yaml") || strings.HasSuffix(s, ".yml") ||
		strings.HasSuffix(s, ".json")
}

// trimKinPrefixes drops the wrapping kin-openapi and encoding/json put
// around the message that matters.
func trimKinPrefixes(msg string) string {
	for _, p := range []string{"failed to unmarshal data: ", "error unmarshaling JSON: ", "while decoding JSON: ", "json: "} {
		if i := strings.LastIndex(msg, p); i >= 0 {
			msg = msg[i+len(p):]
		}
	}
	return msg
}
