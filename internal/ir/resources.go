package ir

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sdkgen/sdkgen/internal/config"
	"github.com/sdkgen/sdkgen/internal/naming"
	"github.com/sdkgen/sdkgen/internal/openapi"
)

// binding ties a Go method to the operation it calls.
type binding struct {
	res *Resource
	key string
	cm  *config.Method // nil when inferred
	op  *openapi.Operation
	// inferred methods take their type names from the operationId.
	inferred bool
	// models of the resource declared before its methods.
	models []*config.Model
	path   string
}

// resources builds the resource tree, then every method in tree order.
func (b *builder) resources() {
	ops := map[string]*openapi.Operation{}
	for _, op := range b.doc.Operations {
		ops[op.Method+" "+op.Path] = op
	}
	var bindings []*binding
	used := map[*openapi.Operation]bool{}
	// $shared holds models only: they go in shared.go, and it is no
	// service on the client.
	var shared *Resource
	if b.cfg.Resources != nil {
		for _, r := range b.cfg.Resources {
			res := b.configResource(r, "", ops, used, &bindings)
			if r.Name == "$shared" {
				shared = res
				continue
			}
			b.api.Resources = append(b.api.Resources, res)
		}
		b.unmapped(used, &bindings)
	} else {
		b.inferResources(b.doc.Operations, &bindings)
	}
	b.claimServices(b.api.Resources)
	// Method names are unique within a service, and must not take the
	// Options field or a subresource's field name.
	methodNames := map[*Resource]*naming.Scope{}
	WalkResources(b.api.Resources, func(r *Resource) {
		scope := naming.NewScope("Options")
		for _, sub := range r.Subresources {
			scope.Claim(sub.Field, "subresource")
		}
		methodNames[r] = scope
	})
	files := map[*Resource]*File{}
	for _, bd := range bindings {
		if bd.res == shared && bd.op != nil {
			b.diags.Warnf(bd.cm.Pos, "Config/SharedMethod", "move the method under a resource",
				"$shared holds models only; method %s is not generated", bd.key)
			continue
		}
		f := files[bd.res]
		switch {
		case f != nil:
		case bd.res == shared:
			f = &File{Name: b.files.Claim("shared.go", "$shared")}
			files[bd.res] = f
		default:
			f = &File{Name: b.files.Claim(snake(strings.TrimSuffix(bd.res.Service, "Service"))+".go", bd.res.Path), Resource: bd.res}
			files[bd.res] = f
		}
		b.file = f
		for _, m := range bd.models {
			if s := b.schemasByName[m.Schema]; s != nil {
				b.typeOf(s, "", false)
			}
		}
		if bd.op != nil {
			if m := b.method(bd, methodNames[bd.res]); m != nil {
				bd.res.Methods = append(bd.res.Methods, m)
			}
		}
	}
	// Every resource gets a file for its service, in tree order.
	WalkResources(b.api.Resources, func(r *Resource) {
		f := files[r]
		if f == nil {
			f = &File{Name: b.files.Claim(snake(strings.TrimSuffix(r.Service, "Service"))+".go", r.Path), Resource: r}
		}
		b.api.Files = append(b.api.Files, f)
	})
	if f := files[shared]; f != nil && len(f.Types) > 0 {
		b.api.Files = append(b.api.Files, f)
	}
}

// WalkResources visits resources depth first, parents before children.
func WalkResources(rs []*Resource, visit func(*Resource)) {
	for _, r := range rs {
		visit(r)
		WalkResources(r.Subresources, visit)
	}
}

// claimServices names every service type in tree order, and makes
// resource field names unique among their siblings (the client's Options
// field included).
func (b *builder) claimServices(rs []*Resource) {
	var fields func(rs []*Resource)
	fields = func(rs []*Resource) {
		scope := naming.NewScope("Options")
		for _, r := range rs {
			r.Field = scope.Claim(r.Field, r.Path)
			fields(r.Subresources)
		}
	}
	fields(rs)
	WalkResources(rs, func(r *Resource) {
		r.Service = b.names.Claim(singularPath(r.Path)+"Service", "resource "+r.Path)
	})
}

// configResource builds a resource from the config and queues its methods.
func (b *builder) configResource(r *config.Resource, parent string, ops map[string]*openapi.Operation, used map[*openapi.Operation]bool, bindings *[]*binding) *Resource {
	path := r.Name
	if parent != "" {
		path = parent + "." + r.Name
	}
	res := &Resource{Key: r.Name, Path: path, Field: naming.Exported(r.Name), Pos: r.Pos}
	*bindings = append(*bindings, &binding{res: res, models: r.Models, path: path})
	for _, m := range r.Methods {
		if m.Type != "" && m.Type != "http" {
			continue // config already warned: only http methods are generated
		}
		op := ops[m.HTTPMethod+" "+m.Path]
		if op == nil {
			op = matchLoosely(ops, m.HTTPMethod, m.Path)
		}
		if op == nil {
			var all []string
			for k := range ops {
				all = append(all, strings.ToLower(strings.SplitN(k, " ", 2)[0])+" "+strings.SplitN(k, " ", 2)[1])
			}
			slices.Sort(all)
			b.diags.Errorf(m.EndpointPos, "Config/UnknownEndpoint",
				suggest(strings.ToLower(m.HTTPMethod)+" "+m.Path, all, "use an endpoint from the spec's paths"),
				"endpoint %q of method %s.%s is not in the spec", strings.ToLower(m.HTTPMethod)+" "+m.Path, path, m.Name)
			continue
		}
		used[op] = true
		*bindings = append(*bindings, &binding{res: res, key: m.Name, cm: m, op: op, path: path})
	}
	for _, sub := range r.Subresources {
		res.Subresources = append(res.Subresources, b.configResource(sub, path, ops, used, bindings))
	}
	return res
}

// matchLoosely finds an operation whose path differs only in the names of
// its parameters ({id} for {pet_id}).
func matchLoosely(ops map[string]*openapi.Operation, method, path string) *openapi.Operation {
	want := stripParamNames(path)
	var found *openapi.Operation
	for _, op := range ops {
		if op.Method == method && stripParamNames(op.Path) == want {
			if found != nil {
				return nil
			}
			found = op
		}
	}
	return found
}

func stripParamNames(path string) string {
	var b strings.Builder
	depth := 0
	for _, r := range path {
		switch {
		case r == '{':
			depth++
			b.WriteString("{}")
		case r == '}':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unmapped reports the operations a config with resources leaves out, or
// generates them under inferred resources when unmapped: generate.
func (b *builder) unmapped(used map[*openapi.Operation]bool, bindings *[]*binding) {
	var left []*openapi.Operation
	for _, op := range b.doc.Operations {
		if !used[op] {
			left = append(left, op)
		}
	}
	if len(left) == 0 {
		return
	}
	if b.cfg.Unmapped == "generate" {
		b.inferResources(left, bindings)
		return
	}
	var lines []string
	for i, op := range left {
		if i == 20 {
			lines = append(lines, fmt.Sprintf("… and %d more", len(left)-20))
			break
		}
		lines = append(lines, fmt.Sprintf("%s: %s %s", methodKey(op), strings.ToLower(op.Method), op.Path))
	}
	b.diags.Warnf(b.cfg.Pos, "Endpoint/NotConfigured",
		"add them under resources (e.g. `"+lines[0]+"`) or set `unmapped: generate`",
		"%d operation(s) in the spec are not mapped by the config and are left out: %s", len(left), strings.Join(lines, "; "))
}

// inferResources groups operations by their first tag, else their first
// path segment, into top-level resources (merged into configured ones of
// the same key), methods named from operationId.
func (b *builder) inferResources(ops []*openapi.Operation, bindings *[]*binding) {
	byKey := map[string]*Resource{}
	for _, r := range b.api.Resources {
		byKey[r.Key] = r
	}
	for _, op := range ops {
		key := resourceKey(inferredGroup(op))
		res := byKey[key]
		if res == nil {
			res = &Resource{Key: key, Path: key, Field: naming.Exported(key), Pos: op.Pos}
			byKey[key] = res
			b.api.Resources = append(b.api.Resources, res)
			*bindings = append(*bindings, &binding{res: res, path: key})
		}
		*bindings = append(*bindings, &binding{res: res, key: methodKey(op), op: op, inferred: true, path: key})
	}
}

// inferredGroup is an operation's resource: its first tag, else its first
// path segment that is not a version or a parameter.
func inferredGroup(op *openapi.Operation) string {
	if len(op.Tags) > 0 && strings.TrimSpace(op.Tags[0]) != "" {
		return op.Tags[0]
	}
	for _, seg := range strings.Split(op.Path, "/") {
		if seg == "" || strings.HasPrefix(seg, "{") || isVersion(seg) {
			continue
		}
		return seg
	}
	return "default"
}

func isVersion(seg string) bool {
	s := strings.ToLower(seg)
	return len(s) > 1 && s[0] == 'v' && strings.Trim(s[1:], "0123456789.") == "" && s[1] >= '0' && s[1] <= '9'
}

// methodKey is the inferred method key: the operationId, else the HTTP
// method and the path's words ("get /pets/{id}" is get_pets_id).
func methodKey(op *openapi.Operation) string {
	if op.OperationID != "" {
		return op.OperationID
	}
	var segs []string
	for _, seg := range strings.Split(op.Path, "/") {
		if !isVersion(seg) {
			segs = append(segs, seg)
		}
	}
	return strings.ToLower(op.Method) + "_" + resourceKey(strings.Join(segs, "/"))
}
