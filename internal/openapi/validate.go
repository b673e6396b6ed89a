package openapi

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sdkgen/sdkgen/internal/diag"
)

// maxPerKind is how many validation warnings of one kind are listed before
// the rest are counted in one summary line.
const maxPerKind = 5

// validate runs kin-openapi's validation and reports what it finds as
// warnings: real specs are rarely perfectly valid, and most problems do not
// stop generation.
//
// kin-openapi validates a schema again at every $ref to it (each Validate
// call starts with a fresh visited set), which takes longer than loading on
// Stripe's spec and repeats every finding once per use. So, the model being
// built already, every $ref'd schema is first cut out of its use sites and
// replaced by an empty schema: each component is then validated once, under
// components.schemas, and a schema reached only through $refs into other
// files or deep pointers is validated on its own. The kin-openapi document
// is not used afterwards. Examples, defaults and regular expression
// patterns are not checked: they do not change the generated code, and
// ECMAScript patterns that Go's regexp rejects are common.
func (l *loader) validate(kdoc *openapi3.T, c *converter) {
	defer func() {
		if r := recover(); r != nil {
			l.diags.Warnf(diag.Pos{File: l.file}, "Spec/Invalid", "",
				"kin-openapi's validation failed on this document (%v); it was skipped", r)
		}
	}()
	opts := []openapi3.ValidationOption{
		openapi3.EnableMultiError(),
		openapi3.DisableExamplesValidation(),
		openapi3.DisableSchemaDefaultsValidation(),
		openapi3.DisableSchemaPatternValidation(),
	}
	if !l.v2 && !strings.HasPrefix(l.version, "3.0") && !strings.HasPrefix(l.version, "3.1") {
		// OpenAPI 3.2 fields kin-openapi v0.152 does not know yet.
		opts = append(opts, openapi3.AllowExtraSiblingFields(
			"name", "summary", "kind", "parent", "itemEncoding", "prefixEncoding", "deprecated",
			"deviceAuthorization", "oauth2MetadataUrl", "mediaTypes", "$self", "dataValue", "serializedValue"))
	}
	ctx := context.Background()
	loose := cutSharedSchemas(kdoc)
	var found []finding
	for _, err := range flatten(kdoc.Validate(ctx, opts...)) {
		var in *openapi3.InvalidParameterInError
		if errors.As(err, &in) && in.Value == "querystring" && !l.v2 && !strings.HasPrefix(l.version, "3.0") &&
			!strings.HasPrefix(l.version, "3.1") {
			continue // OpenAPI 3.2's in: querystring, which kin-openapi v0.152 does not know.
		}
		found = append(found, l.locate(err, c))
	}
	if kdoc.IsOpenAPI31OrLater() {
		// doc.Validate adds these itself; Schema.Validate does not.
		opts = append(opts, openapi3.IsOpenAPI31OrLater())
	}
	if kdoc.IsOpenAPI32OrLater() {
		opts = append(opts, openapi3.IsOpenAPI32OrLater())
	}
	for _, s := range loose {
		ctx := openapi3.WithValidationOptions(ctx, opts...)
		for _, err := range flatten(s.Validate(ctx)) {
			f := l.locate(err, c)
			if m := c.schemas[s]; m != nil {
				f.pos = m.Pos
				f.where = "schema"
				if m.Ref != "" {
					f.where = "schema " + m.Ref
				}
			}
			found = append(found, f)
		}
	}
	l.report(found)
}

// finding is one validation problem, placed.
type finding struct {
	pos   diag.Pos
	code  string // kin-openapi's code, e.g. "extra-sibling-fields"
	where string
	msg   string
}

func flatten(err error) []error {
	if err == nil {
		return nil
	}
	var me openapi3.MultiError
	if errors.As(err, &me) && len(me) > 0 {
		var out []error
		for _, e := range me {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// locate reads where a validation error is from kin-openapi's context
// wrappers and finds that place in the tree.
func (l *loader) locate(err error, c *converter) finding {
	var section, path, method, compKind, compName, tag string
	cause := err
	for e := err; e != nil; e = errors.Unwrap(e) {
		switch t := e.(type) {
		case *openapi3.SectionValidationError:
			section, cause = t.Section, t.Cause
		case *openapi3.PathValidationError:
			path, cause = t.Path, t.Cause
		case *openapi3.OperationValidationError:
			method, cause = t.Method, t.Cause
		case *openapi3.ComponentValidationError:
			compKind, compName, cause = t.Section, t.Name, t.Cause
		case *openapi3.TagValidationError:
			tag, cause = t.Name, t.Cause
		}
	}
	f := finding{pos: diag.Pos{File: l.file}, msg: cause.Error()}
	var coded openapi3.CodedError
	if errors.As(err, &coded) {
		f.code = coded.Code()
	}
	// Errors about a path that say which in their own fields.
	var conflict *openapi3.ConflictingPathsError
	var params *openapi3.PathParametersError
	switch {
	case errors.As(err, &conflict):
		path = conflict.Path2
	case errors.As(err, &params):
		path, method = params.Path, params.Method
	}
	root := c.rootLoc()
	switch {
	case path != "":
		at := root.child("paths").child(path)
		f.where = "path " + path
		if method != "" {
			item := at.follow()
			op := item.child(strings.ToLower(method))
			if op.key == nil {
				op = item.child("additionalOperations").child(method)
			}
			if op.key != nil {
				at = op
			}
			f.where = method + " " + path
		}
		f.pos = at.pos()
	case compName != "":
		kind := componentKinds[compKind]
		if kind == "" {
			kind = compKind
		}
		f.pos = c.componentLoc(kind, compName).pos()
		f.where = "components." + kind + "." + compName
		if c.v2 {
			f.where = compKind + " " + strconv.Quote(compName)
		}
	case tag != "":
		f.where = "tag " + strconv.Quote(tag)
		f.pos = root.child("tags").pos()
		for _, t := range root.child("tags").items() {
			if t.str("name") == tag {
				f.pos = t.pos()
				break
			}
		}
	case section != "":
		f.where = section
		if at := root.child(section); at.key != nil {
			f.pos = at.pos()
		}
	}
	return f
}

// componentKinds maps kin-openapi's component section names to the keys of
// components.
var componentKinds = map[string]string{
	"schema": "schemas", "parameter": "parameters", "header": "headers", "request body": "requestBodies",
	"response": "responses", "security scheme": "securitySchemes", "example": "examples", "link": "links",
	"callback": "callbacks",
}

// fixes says how to fix the common validation findings, by kin-openapi code.
var fixes = map[string]string{
	"extra-sibling-fields":     "remove the field, or prefix it with x- if it is an extension",
	"schema-items-required":    "give the array schema an items schema",
	"conflicting-paths":        "name the path parameter the same in both paths, or merge the paths",
	"path-parameters-mismatch": "declare every {parameter} of the path as an in: path parameter, and no others",
	"duplicate-operation-id":   "give every operation its own operationId",
	"duplicate-parameter":      "declare each parameter once per operation",
	"item-schema-field-for-3-2-plus": "itemSchema is an OpenAPI 3.2 field: declare openapi: 3.2.0 " +
		"(sdkgen reads it anyway)",
}

// report turns findings into warnings: sorted by position, at most
// maxPerKind per kin-openapi code, the rest counted in one line per code.
func (l *loader) report(found []finding) {
	slices.SortStableFunc(found, func(a, b finding) int {
		return cmp.Or(strings.Compare(a.pos.File, b.pos.File), cmp.Compare(a.pos.Line, b.pos.Line),
			cmp.Compare(a.pos.Col, b.pos.Col), strings.Compare(a.msg, b.msg))
	})
	shown := map[string]int{}
	hidden := map[string]int{}
	seen := map[string]bool{}
	for _, f := range found {
		text := f.msg
		if f.where != "" {
			text = f.where + ": " + f.msg
		}
		if seen[text] {
			continue
		}
		seen[text] = true
		kind := cmp.Or(f.code, "other")
		if shown[kind] >= maxPerKind {
			hidden[kind]++
			continue
		}
		shown[kind]++
		fix := fixes[f.code]
		if fix == "" {
			fix = "correct the document here; sdkgen goes on, but the generated code may not match the API"
		}
		l.diags.Warnf(f.pos, "Spec/Invalid", fix, "%s", text)
	}
	for _, kind := range sortedKeys(hidden) {
		l.diags.Warnf(diag.Pos{File: l.file}, "Spec/Invalid", "fix the ones shown and run again to see more",
			"%s", fmt.Sprintf("%d more validation warnings like the above (%s) not shown", hidden[kind], kind))
	}
}
