package ir

import (
	"fmt"
	"slices"

	"github.com/sdkgen/sdkgen/internal/naming"
	"github.com/sdkgen/sdkgen/internal/openapi"
)

// unionType maps a oneOf/anyOf. Variants that are all one primitive type
// collapse to it; anything else is declared as a Union with the first
// decoding strategy that can tell its variants apart.
func (b *builder) unionType(s *openapi.Schema, variants []*openapi.Schema, hint string) *TypeRef {
	kinds := map[string]bool{}
	for _, v := range variants {
		kinds[unionKind(v)] = true
	}
	if len(kinds) == 1 {
		for k := range kinds {
			switch k {
			case "string", "integer", "number", "boolean":
				return scalar(k)
			}
		}
	}
	if s.Name != "" {
		hint = b.componentName(s)
	}
	t := &Type{Kind: Union, Doc: docOf(s), Deprecated: deprecation(s.Deprecated), Source: source(s, hint), Pos: s.Pos}
	ref := b.declare(s, hint, t)
	scope := naming.NewScope("Any", "Raw")
	hints := variantHints(t.Name, s, variants)
	for i, v := range variants {
		vt := b.typeOf(v, hints[i], false)
		if v.Name == "" && vt.Kind == Named && vt.Type.Source == source(v, hints[i]) {
			vt.Type.Source = fmt.Sprintf("variant %d of %s", i+1, t.Name)
		}
		t.Variants = append(t.Variants, &Variant{
			Name: scope.Claim(variantName(vt, v), fmt.Sprint(i)),
			Type: vt,
			Kind: jsonKind(unionKind(v)),
		})
	}
	b.chooseStrategy(s, t, variants)
	return ref
}

// variantHints names inline variants after what tells them apart: their
// title, their discriminator value, or their unique required property;
// else their position.
func variantHints(union string, s *openapi.Schema, variants []*openapi.Schema) []string {
	_, values := discriminatorValues(s, variants)
	req := uniqueRequired(variants)
	hints := make([]string, len(variants))
	for i, v := range variants {
		switch {
		case v.Title != "":
			hints[i] = union + naming.Exported(v.Title)
		case values != nil && len(values[i]) > 0:
			hints[i] = union + naming.Exported(values[i][0])
		case req != nil:
			hints[i] = union + naming.Exported(req[i])
		default:
			hints[i] = fmt.Sprintf("%sVariant%d", union, i+1)
		}
	}
	return hints
}

// unionKind is a variant's JSON type; objects include allOf compositions.
func unionKind(s *openapi.Schema) string {
	k := schemaKind(s)
	if k == "" && (len(s.OneOf) > 0 || len(s.AnyOf) > 0) {
		return "union"
	}
	return k
}

// jsonKind folds integer into number: JSON cannot tell them apart.
func jsonKind(k string) string {
	if k == "integer" {
		return "number"
	}
	return k
}

// variantName names a variant's accessor after its type.
func variantName(t *TypeRef, s *openapi.Schema) string {
	switch t.Kind {
	case Named:
		return t.Type.Name
	case Slice:
		return variantName(t.Elem, s.Items) + "Array"
	case Map:
		return "Map"
	case Pointer:
		return variantName(t.Elem, s)
	}
	switch t.Builtin {
	case "string":
		return "String"
	case "int64":
		return "Int"
	case "float64":
		return "Float"
	case "bool":
		return "Bool"
	case "Time", "Date":
		return t.Builtin
	}
	return "Value"
}

// chooseStrategy decides how t's variants are told apart.
func (b *builder) chooseStrategy(s *openapi.Schema, t *Type, variants []*openapi.Schema) {
	if prop, values := discriminatorValues(s, variants); prop != "" {
		t.Strategy, t.Discriminator = ByDiscriminator, prop
		for i, v := range t.Variants {
			v.Values = values[i]
		}
		return
	}
	kinds := map[string]int{}
	for _, v := range t.Variants {
		kinds[v.Kind]++
	}
	if len(kinds) == len(t.Variants) && kinds[""] == 0 && kinds["union"] == 0 {
		t.Strategy = ByKind
		return
	}
	if req := uniqueRequired(variants); req != nil {
		t.Strategy = ByRequired
		for i, v := range t.Variants {
			v.Required = req[i]
		}
		return
	}
	t.Strategy = ByTrying
}

// discriminatorValues finds the property that selects each variant: the
// declared discriminator (mapping, else component names), else a property
// every object variant fixes to distinct constants (const or a one-value
// enum), as event unions like {"type": "message_start"} do.
func discriminatorValues(s *openapi.Schema, variants []*openapi.Schema) (string, [][]string) {
	values := make([][]string, len(variants))
	if d := s.Discriminator; d != nil && d.PropertyName != "" {
		for _, m := range d.Mapping {
			for i, v := range variants {
				if m.Schema == v || (m.Schema != nil && m.Schema.Name != "" && m.Schema.Name == v.Name) {
					values[i] = append(values[i], m.Value)
				}
			}
		}
		for i, v := range variants {
			if len(values[i]) == 0 {
				values[i] = constValues(v, d.PropertyName)
			}
			if len(values[i]) == 0 && v.Name != "" {
				values[i] = []string{v.Name}
			}
		}
		seen := map[string]bool{}
		for i := range values {
			values[i] = firstClaims(seen, values[i])
		}
		return d.PropertyName, values
	}
	for _, prop := range candidateProps(variants) {
		seen := map[string]bool{}
		ok := true
		for i, v := range variants {
			values[i] = constValues(v, prop)
			if len(values[i]) == 0 {
				ok = false
				break
			}
			values[i] = firstClaims(seen, values[i])
		}
		if ok && len(seen) > 1 {
			return prop, values
		}
	}
	return "", nil
}

// firstClaims keeps the values no earlier variant claimed (recording them
// in seen): a value two variants claim selects the first, and the later one
// is reached through its As method only.
func firstClaims(seen map[string]bool, values []string) []string {
	var kept []string
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			kept = append(kept, v)
		}
	}
	return kept
}

// candidateProps lists the properties of the first object variant, the
// usual discriminator names first.
func candidateProps(variants []*openapi.Schema) []string {
	if len(variants) < 2 || schemaKind(variants[0]) != "object" {
		return nil
	}
	props, _ := mergedProperties(variants[0])
	var names []string
	for _, p := range props {
		names = append(names, p.Name)
	}
	slices.SortStableFunc(names, func(a, b string) int { return rank(a) - rank(b) })
	return names
}

func rank(name string) int {
	switch name {
	case "type":
		return 0
	case "event":
		return 1
	case "kind", "object":
		return 2
	}
	return 3
}

// constValues returns the values a variant fixes its property prop to.
func constValues(v *openapi.Schema, prop string) []string {
	props, _ := mergedProperties(v)
	for _, p := range props {
		if p.Name != prop || p.Schema == nil {
			continue
		}
		if p.Schema.HasConst {
			if s, ok := p.Schema.Const.(string); ok {
				return []string{s}
			}
		}
		if len(p.Schema.Enum) == 1 {
			if s, ok := p.Schema.Enum[0].(string); ok {
				return []string{s}
			}
		}
	}
	return nil
}

// uniqueRequired finds, for each object variant, a required property no
// other variant has; nil when one has none.
func uniqueRequired(variants []*openapi.Schema) []string {
	count := map[string]int{}
	reqs := make([][]string, len(variants))
	for i, v := range variants {
		if schemaKind(v) != "object" {
			return nil
		}
		props, required := mergedProperties(v)
		for _, p := range props {
			count[p.Name]++
			if required[p.Name] {
				reqs[i] = append(reqs[i], p.Name)
			}
		}
	}
	out := make([]string, len(variants))
	for i := range variants {
		for _, r := range reqs[i] {
			if count[r] == 1 {
				out[i] = r
				break
			}
		}
		if out[i] == "" {
			return nil
		}
	}
	return out
}
