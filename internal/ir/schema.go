package ir

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sdkgen/sdkgen/internal/naming"
	"github.com/sdkgen/sdkgen/internal/openapi"
)

// Builtin type references, shared (TypeRefs are never mutated).
var (
	tString = &TypeRef{Kind: Builtin, Builtin: "string"}
	tInt    = &TypeRef{Kind: Builtin, Builtin: "int64"}
	tFloat  = &TypeRef{Kind: Builtin, Builtin: "float64"}
	tBool   = &TypeRef{Kind: Builtin, Builtin: "bool"}
	tAny    = &TypeRef{Kind: Builtin, Builtin: "any"}
	tRaw    = &TypeRef{Kind: Builtin, Builtin: "json.RawMessage"}
	tReader = &TypeRef{Kind: Builtin, Builtin: "io.Reader"}
	// tTime and tDate are the SDK root package's tolerant Time and Date.
	tTime = &TypeRef{Kind: Builtin, Builtin: "Time"}
	tDate = &TypeRef{Kind: Builtin, Builtin: "Date"}
)

func sliceOf(t *TypeRef) *TypeRef { return &TypeRef{Kind: Slice, Elem: t} }
func mapOf(t *TypeRef) *TypeRef   { return &TypeRef{Kind: Map, Elem: t} }
func named(t *Type) *TypeRef      { return &TypeRef{Kind: Named, Type: t} }

// typeOf maps a schema to a Go type. hint names an inline object or enum
// that needs a declaration ("ChatCompletionChoice"); component schemas take
// their config model name or their own name. nullable reports whether the
// schema admits null, for the caller to choose a pointer.
func (b *builder) typeOf(s *openapi.Schema, hint string, forParams bool) *TypeRef {
	t, _ := b.typeOfNullable(s, hint, forParams)
	return t
}

// typeOfNullable is typeOf that also tells whether null is allowed.
func (b *builder) typeOfNullable(s *openapi.Schema, hint string, forParams bool) (*TypeRef, bool) {
	if s == nil {
		return tAny, false
	}
	nullable := s.Nullable || slices.Contains(s.Types, "null")
	if ref, ok := b.declared[s]; ok {
		return ref, nullable
	}
	if s.Always != nil {
		return tAny, false
	}
	// anyOf/oneOf with null is how 3.1 spells nullable: X | null is X.
	if variants := nonNull(s.OneOf, s.AnyOf); len(variants) > 0 {
		hasNull := len(variants) < len(s.OneOf)+len(s.AnyOf)
		if len(variants) == 1 && len(s.Properties) == 0 {
			t, n := b.typeOfNullable(variants[0], hint, forParams)
			return t, n || hasNull || nullable
		}
		if len(s.Properties) == 0 && len(s.AllOf) == 0 {
			return b.unionType(s, variants, hint), hasNull || nullable
		}
	}
	if ref := refWithSiblings(s); ref != nil {
		t, n := b.typeOfNullable(ref, hint, forParams)
		return t, n || nullable
	}
	if s.Name != "" {
		hint = b.componentName(s)
	}
	switch kind := schemaKind(s); kind {
	case "object":
		return b.objectType(s, hint, forParams), nullable
	case "array":
		if s.Items == nil {
			return sliceOf(tAny), nullable
		}
		elem, elemNull := b.typeOfNullable(s.Items, singularHint(hint), forParams)
		if elemNull {
			elem = pointerIfScalar(elem)
		}
		return sliceOf(elem), nullable
	case "string", "integer", "number", "boolean":
		if len(s.Enum) > 0 {
			return b.enumType(s, kind, hint), nullable
		}
		if kind == "string" {
			switch s.Format {
			case "date-time":
				return tTime, nullable
			case "date":
				return tDate, nullable
			}
		}
		return scalar(kind), nullable
	}
	return tAny, nullable
}

// refWithSiblings returns the one schema s stands for when s is only a
// reference plus annotations ("$ref" with description or nullable beside
// it, which the loader hands over as allOf of one schema), so that every use
// of a component is the same Go type.
func refWithSiblings(s *openapi.Schema) *openapi.Schema {
	if s.Name != "" || len(s.AllOf) != 1 || len(s.Properties) > 0 || s.Items != nil || s.AdditionalProperties != nil ||
		len(s.Enum) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0 || s.HasConst || len(s.Required) > 0 {
		return nil
	}
	for _, t := range s.Types {
		if t != "null" && t != "object" {
			return nil
		}
	}
	return s.AllOf[0]
}

// nonNull returns the oneOf/anyOf variants that are not just null.
func nonNull(lists ...[]*openapi.Schema) []*openapi.Schema {
	var out []*openapi.Schema
	for _, list := range lists {
		for _, v := range list {
			if len(v.Types) == 1 && v.Types[0] == "null" {
				continue
			}
			out = append(out, v)
		}
	}
	return out
}

// schemaKind is the one JSON type a schema maps to, or "" for any.
func schemaKind(s *openapi.Schema) string {
	var types []string
	for _, t := range s.Types {
		if t != "null" {
			types = append(types, t)
		}
	}
	switch {
	case len(types) == 1:
		return types[0]
	case len(types) == 2 && slices.Contains(types, "integer") && slices.Contains(types, "number"):
		return "number"
	case len(types) > 1:
		return ""
	case len(s.Properties) > 0 || s.AdditionalProperties != nil || len(s.AllOf) > 0:
		return "object"
	case s.Items != nil:
		return "array"
	case len(s.Enum) > 0:
		return kindOfValue(s.Enum[0])
	case s.HasConst:
		return kindOfValue(s.Const)
	}
	return ""
}

func kindOfValue(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, float32:
		return "number"
	case int, int64, int32, uint64:
		return "integer"
	}
	return ""
}

// scalar maps a primitive JSON type.
func scalar(kind string) *TypeRef {
	switch kind {
	case "integer":
		return tInt
	case "number":
		return tFloat
	case "boolean":
		return tBool
	}
	return tString
}

// pointerIfScalar makes a nullable element of a slice or map a pointer so
// null survives a round trip; slices, maps and any are nil-able already.
func pointerIfScalar(t *TypeRef) *TypeRef {
	if t.Kind == Slice || t.Kind == Map || t.Kind == Pointer || (t.Kind == Builtin && (t.Builtin == "any" || t.Builtin == "json.RawMessage")) {
		return t
	}
	return &TypeRef{Kind: Pointer, Elem: t}
}

// componentName is the Go name of a component schema: its config model
// name, else its own name made unique.
func (b *builder) componentName(s *openapi.Schema) string {
	if n, ok := b.modelNames[s]; ok {
		return n
	}
	return naming.Exported(s.Name)
}

// singularHint names the items of an array from the array's name.
func singularHint(hint string) string {
	words := naming.Words(hint)
	if len(words) == 0 {
		return hint + "Item"
	}
	last := words[len(words)-1]
	if sing := naming.Singular(strings.ToLower(last)); sing != strings.ToLower(last) {
		return strings.TrimSuffix(hint, last) + naming.Exported(sing)
	}
	return hint + "Item"
}

// declare claims a package-level name for a new type of schema s and files
// it in the current resource file. Config model names were claimed up front
// and are used as they are.
func (b *builder) declare(s *openapi.Schema, name string, t *Type) *TypeRef {
	switch owner, taken := b.names.Owner(name); {
	case b.modelNames[s] == name && name != "":
		t.Name = name
	case taken && owner == "reserved":
		// A schema called Error or Client must not become Error2: it is
		// ErrorModel, which reads as what it is.
		t.Name = b.names.Claim(name+"Model", t.Source)
	default:
		t.Name = b.names.Claim(name, t.Source)
	}
	ref := named(t)
	b.declared[s] = ref
	b.api.Types = append(b.api.Types, t)
	if b.file != nil {
		b.file.Types = append(b.file.Types, t)
	}
	return ref
}

// describeInline replaces the placeholder source of an inline type just
// declared under hint with where it sits ("the status property of Pet").
func describeInline(t *TypeRef, hint, where string) {
	for t.Kind != Named {
		if t.Elem == nil {
			return
		}
		if t.Kind == Slice {
			where = "an item of " + where
		}
		t = t.Elem
	}
	if t.Type.Source == "inline schema "+hint || t.Type.Source == "inline schema "+singularHint(hint) {
		t.Type.Source = where
	}
}

// source describes where a schema came from, for diagnostics and docs.
func source(s *openapi.Schema, hint string) string {
	if s.Name != "" {
		return "#/components/schemas/" + s.Name
	}
	return "inline schema " + hint
}

// objectType declares a struct for an object schema with properties (its
// allOf parts merged), or maps a dictionary or free-form object.
func (b *builder) objectType(s *openapi.Schema, hint string, forParams bool) *TypeRef {
	props, required := mergedProperties(s)
	if len(props) == 0 {
		if s.AdditionalProperties != nil {
			elem, n := b.typeOfNullable(s.AdditionalProperties, hint+"Item", forParams)
			if n {
				elem = pointerIfScalar(elem)
			}
			return mapOf(elem)
		}
		return mapOf(tAny)
	}
	t := &Type{Kind: Struct, Doc: docOf(s), Deprecated: deprecation(s.Deprecated), Source: source(s, hint), Pos: s.Pos}
	ref := b.declare(s, hint, t)
	t.Fields = b.fields(t.Name, props, required, forParams)
	return ref
}

// mergedProperties collects properties of s and of its allOf parts, in
// order; a later definition of the same name replaces an earlier one.
func mergedProperties(s *openapi.Schema) ([]*openapi.Property, map[string]bool) {
	required := map[string]bool{}
	var props []*openapi.Property
	index := map[string]int{}
	seen := map[*openapi.Schema]bool{}
	var walk func(*openapi.Schema)
	walk = func(x *openapi.Schema) {
		if x == nil || seen[x] {
			return
		}
		seen[x] = true
		for _, part := range x.AllOf {
			walk(part)
		}
		for _, r := range x.Required {
			required[r] = true
		}
		for _, p := range x.Properties {
			if i, ok := index[p.Name]; ok {
				props[i] = p
				continue
			}
			index[p.Name] = len(props)
			props = append(props, p)
		}
	}
	walk(s)
	return props, required
}

// fields maps properties to struct fields with unique Go names.
func (b *builder) fields(typeName string, props []*openapi.Property, required map[string]bool, forParams bool) []*Field {
	// Models have these methods; a property must not take their names.
	scope := naming.NewScope("RawJSON", "ExtraFields", "UnmarshalJSON", "MarshalJSON")
	var out []*Field
	for _, p := range props {
		if !validWireName(p.Name) {
			b.diags.Warnf(p.Schema.Pos, "Schema/UnsupportedPropertyName", "rename the property in the spec",
				"property %q of %s cannot be represented in a Go struct tag and is left out", p.Name, typeName)
			continue
		}
		if forParams && p.Schema != nil && p.Schema.ReadOnly {
			continue
		}
		name := scope.Claim(naming.Exported(p.Name), p.Name)
		t, nullable := b.typeOfNullable(p.Schema, typeName+name, false)
		describeInline(t, typeName+name, fmt.Sprintf("the %s property of %s", p.Name, typeName))
		out = append(out, &Field{
			Name:       name,
			Wire:       p.Name,
			Type:       t,
			Required:   required[p.Name] || p.Required,
			Nullable:   nullable,
			Doc:        docOf(p.Schema),
			Deprecated: deprecation(p.Schema != nil && p.Schema.Deprecated),
		})
	}
	return out
}

// validWireName reports whether encoding/json can carry name in a struct
// tag: no quotes, backquotes, commas, backslashes or control characters.
func validWireName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		switch {
		case r < 0x20, r == 0x7f, r == '"', r == '`', r == ',', r == '\\':
			return false
		}
	}
	return true
}

// enumType declares an open enum: a defined string or int64 type with one
// constant per value.
func (b *builder) enumType(s *openapi.Schema, kind, hint string) *TypeRef {
	under := tString
	if kind == "integer" {
		under = tInt
	} else if kind != "string" {
		return scalar(kind)
	}
	t := &Type{Kind: Enum, Underlying: under, Doc: docOf(s), Deprecated: deprecation(s.Deprecated), Source: source(s, hint), Pos: s.Pos}
	ref := b.declare(s, hint, t)
	consts := naming.NewScope()
	for _, v := range s.Enum {
		var value any
		var label string
		switch x := v.(type) {
		case string:
			if kind != "string" {
				continue
			}
			value, label = x, x
		case float64:
			if kind != "integer" || x != float64(int64(x)) {
				continue
			}
			value, label = int64(x), intLabel(int64(x))
		case int64:
			value, label = x, intLabel(x)
		case int:
			value, label = int64(x), intLabel(int64(x))
		default:
			continue
		}
		if slices.ContainsFunc(t.Values, func(e *EnumValue) bool { return e.Value == value }) {
			continue
		}
		name := b.names.Claim(consts.Claim(t.Name+naming.Exported(label), label), "enum value "+label)
		t.Values = append(t.Values, &EnumValue{Name: name, Value: value})
	}
	return ref
}

// intLabel names an integer enum value: 1 is "1", -1 is "minus 1".
func intLabel(n int64) string {
	if n < 0 {
		return fmt.Sprintf("minus %d", -n)
	}
	return fmt.Sprint(n)
}

// docOf is a schema's description, else its title.
func docOf(s *openapi.Schema) string {
	if s == nil {
		return ""
	}
	return firstNonEmpty(s.Description, s.Title)
}

func deprecation(d bool) string {
	if d {
		return "deprecated in the API spec."
	}
	return ""
}
