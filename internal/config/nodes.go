package config

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sdkgen/sdkgen/internal/diag"
)

// maxWork bounds the number of map entries and list items the decoder visits.
// Aliases can make a small file describe an exponentially large tree; past
// this bound the decoder stops and reports it.
const maxWork = 200_000

// maxDepth bounds how deeply subresources may nest.
const maxDepth = 64

// decoder walks the yaml.Node tree of one config file and collects
// diagnostics. It is created per Load call.
type decoder struct {
	file      string
	diags     diag.List
	work      int
	exhausted bool
}

// entry is one key: value pair of a YAML map.
type entry struct {
	key   string
	k, v  *yaml.Node
	where string // dotted path of the value, for messages
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	if n == nil {
		return diag.Pos{File: d.file}
	}
	return diag.Pos{File: d.file, Line: n.Line, Col: n.Column}
}

// spend takes one unit of work and reports whether the budget allows going on.
func (d *decoder) spend(n *yaml.Node) bool {
	d.work++
	if d.work <= maxWork {
		return true
	}
	if !d.exhausted {
		d.exhausted = true
		d.diags.Errorf(d.pos(n), "Config/InvalidValue", "remove the aliases that repeat large parts of the file",
			"the config is too large once its YAML aliases are expanded (more than %d entries); the rest is not read", maxWork)
	}
	return false
}

// resolve follows aliases and unwraps a document node. It returns nil for nil.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && i < 64; i++ {
		switch n.Kind {
		case yaml.AliasNode:
			n = n.Alias
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			n = n.Content[0]
		default:
			return n
		}
	}
	return n
}

// isNull reports whether n is absent or an explicit null.
func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// describe names what a node is, for "expected X, got Y" messages.
func describe(n *yaml.Node) string {
	n = resolve(n)
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!bool":
			return fmt.Sprintf("a boolean (%s)", n.Value)
		case "!!int", "!!float":
			return fmt.Sprintf("a number (%s)", n.Value)
		case "!!str":
			return fmt.Sprintf("a string (%q)", n.Value)
		}
		return fmt.Sprintf("a %s value (%s)", strings.TrimPrefix(n.ShortTag(), "!!"), n.Value)
	}
	return "an unexpected YAML node"
}

// expected reports a value of the wrong type.
func (d *decoder) expected(n *yaml.Node, where, what string) {
	d.diags.Errorf(d.pos(n), "Config/InvalidValue", "", "%s: expected %s, got %s", where, what, describe(n))
}

// entries returns the pairs of a YAML map in file order, with merge keys
// ("<<: *anchor") expanded and duplicate keys dropped (they are reported once,
// by checkDuplicates). A null value yields no entries; anything other than a
// map is an InvalidValue error.
func (d *decoder) entries(n *yaml.Node, where string) []entry {
	if isNull(n) {
		return nil
	}
	m := resolve(n)
	if m.Kind != yaml.MappingNode {
		d.expected(n, where, "a map")
		return nil
	}
	var out []entry
	seen := map[string]bool{}
	d.collect(m, where, seen, &out, 0)
	return out
}

func (d *decoder) collect(m *yaml.Node, where string, seen map[string]bool, out *[]entry, depth int) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if !d.spend(k) {
			return
		}
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		rk := resolve(k)
		if rk == nil || rk.Kind != yaml.ScalarNode {
			d.diags.Errorf(d.pos(k), "Config/InvalidValue", "", "%s: keys must be plain strings, got %s", where, describe(k))
			continue
		}
		if seen[rk.Value] {
			continue
		}
		seen[rk.Value] = true
		*out = append(*out, entry{key: rk.Value, k: k, v: v, where: join(where, rk.Value)})
	}
	// Explicit keys win over merged ones, so merges are expanded last.
	if depth > 16 {
		return
	}
	for _, v := range merges {
		src := resolve(v)
		var maps []*yaml.Node
		switch {
		case src != nil && src.Kind == yaml.MappingNode:
			maps = []*yaml.Node{src}
		case src != nil && src.Kind == yaml.SequenceNode:
			for _, it := range src.Content {
				maps = append(maps, resolve(it))
			}
		}
		for _, mm := range maps {
			if mm == nil || mm.Kind != yaml.MappingNode {
				d.diags.Errorf(d.pos(v), "Config/InvalidValue", "", "%s: a merge key (<<) needs a map or a list of maps, got %s", where, describe(v))
				continue
			}
			d.collect(mm, where, seen, out, depth+1)
		}
	}
}

// items returns the elements of a YAML list. A null value yields none;
// anything other than a list is an InvalidValue error.
func (d *decoder) items(n *yaml.Node, where string) []*yaml.Node {
	if isNull(n) {
		return nil
	}
	s := resolve(n)
	if s.Kind != yaml.SequenceNode {
		d.expected(n, where, "a list")
		return nil
	}
	out := make([]*yaml.Node, 0, len(s.Content))
	for _, it := range s.Content {
		if !d.spend(it) {
			break
		}
		out = append(out, it)
	}
	return out
}

// fields returns the entries of a map whose keys sdkgen reads at this place.
// Keys Stainless defines but sdkgen ignores give a Config/Unsupported warning;
// other keys give a Config/UnknownKey error with a suggestion. unknown reports
// whether any key was unknown, so callers can skip follow-on errors (a
// misspelt required key should give one error, not two).
func (d *decoder) fields(n *yaml.Node, where string, ks keySet) (out []entry, unknown bool) {
	for _, e := range d.entries(n, where) {
		switch {
		case ks.uses(e.key):
			out = append(out, e)
		case ks.knows(e.key):
			why := ks.why
			if why == "" {
				why = "sdkgen does not use this Stainless key yet"
			}
			d.diags.Warnf(d.pos(e.k), "Config/Unsupported", "", "%s is ignored: %s", e.where, why)
		default:
			unknown = true
			d.unknownKey(e, where, ks.all())
		}
	}
	return out, unknown
}

// unknownKey reports a key that is not valid at where.
func (d *decoder) unknownKey(e entry, where string, valid []string) {
	place := "at the top level"
	if where != "" {
		place = "in " + where
	}
	fix := "valid keys here: " + strings.Join(valid, ", ")
	if s, ok := diag.Nearest(e.key, valid); ok {
		fix = fmt.Sprintf("did you mean %q?", s)
	}
	d.diags.Errorf(d.pos(e.k), "Config/UnknownKey", fix, "unknown key %q %s", e.key, place)
}

// str reads a string. A null or absent value gives ok == false without a
// diagnostic; any other non-string is an InvalidValue error.
func (d *decoder) str(n *yaml.Node, where string) (s string, ok bool) {
	if isNull(n) {
		return "", false
	}
	r := resolve(n)
	if r.Kind != yaml.ScalarNode || r.ShortTag() != "!!str" {
		d.expected(n, where, "a string")
		return "", false
	}
	return r.Value, true
}

// requiredStr reads a string that must be present and not empty.
func (d *decoder) requiredStr(n *yaml.Node, where string) (string, bool) {
	if isNull(n) {
		d.expected(n, where, "a string")
		return "", false
	}
	s, ok := d.str(n, where)
	if ok && strings.TrimSpace(s) == "" {
		d.diags.Errorf(d.pos(n), "Config/InvalidValue", "", "%s: must not be empty", where)
		return "", false
	}
	return s, ok
}

// boolean reads true or false. Null gives ok == false without a diagnostic.
func (d *decoder) boolean(n *yaml.Node, where string) (b, ok bool) {
	if isNull(n) {
		return false, false
	}
	r := resolve(n)
	if r.Kind != yaml.ScalarNode || r.ShortTag() != "!!bool" {
		d.expected(n, where, "true or false")
		return false, false
	}
	var v bool
	if err := r.Decode(&v); err != nil {
		d.expected(n, where, "true or false")
		return false, false
	}
	return v, true
}

// checkDuplicates reports every key defined twice in the same map. It walks
// the tree as written (not through aliases), so it is linear in the file.
func (d *decoder) checkDuplicates(n *yaml.Node) {
	if n == nil {
		return
	}
	if n.Kind == yaml.MappingNode {
		first := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
				continue
			}
			if f, dup := first[k.Value]; dup {
				d.diags.Errorf(d.pos(k), "Config/DuplicateKey", "remove one of them",
					"key %q is defined twice in the same map (first at line %d)", k.Value, f.Line)
				continue
			}
			first[k.Value] = k
		}
	}
	for _, c := range n.Content {
		d.checkDuplicates(c)
	}
}

// join appends a key to a dotted path.
func join(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

// index appends a list index to a path.
func index(where string, i int) string {
	return fmt.Sprintf("%s[%d]", where, i)
}
