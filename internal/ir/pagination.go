package ir

import (
	"github.com/sdkgen/sdkgen/internal/config"
	"github.com/sdkgen/sdkgen/internal/naming"
)

// paginationKinds maps Stainless pagination types to the request purpose
// that moves the page forward and the twin's kind.
var paginationKinds = map[string]struct{ param, kind string }{
	"cursor":      {"next_cursor_param", "cursor"},
	"offset":      {"offset_count_param", "offset"},
	"page_number": {"page_number_param", "page"},
}

// pagination gives a list method an auto-paging twin: the scheme its config
// names, else the first of the config's schemes that fits it; paginated:
// false turns it off. Zero-config mode has no schemes, so no twins.
func (b *builder) pagination(m *Method, bd *binding, names *naming.Scope) {
	if m.Streaming != nil || m.Params == nil || m.Response == nil || len(b.cfg.Pagination) == 0 {
		return
	}
	var cm *config.Method
	if bd.cm != nil {
		cm = bd.cm
		if cm.Paginated != nil && !*cm.Paginated {
			return
		}
	}
	for _, scheme := range b.cfg.Pagination {
		if cm != nil && cm.Pagination != "" && cm.Pagination != scheme.Name {
			continue
		}
		if p := fitScheme(m, scheme); p != nil {
			p.Name = names.Claim(m.Name+"AutoPaging", bd.key+" auto-paging")
			m.Pagination = p
			return
		}
		if cm != nil && cm.Pagination == scheme.Name {
			b.diags.Warnf(cm.Pos, "Pagination/DoesNotFit", "check the scheme's request and response properties against the operation",
				"pagination scheme %q does not fit %s %s; no AutoPaging method is generated", scheme.Name, m.HTTPMethod, m.Path)
		}
	}
}

// fitScheme matches a scheme's properties to the method's params and
// response fields; nil when one is missing or of the wrong type.
func fitScheme(m *Method, scheme *config.Pagination) *Pagination {
	kind, ok := paginationKinds[scheme.Type]
	if !ok || m.Response.Kind != Named || m.Response.Type.Kind != Struct {
		return nil
	}
	p := &Pagination{Kind: kind.kind}
	for _, rp := range scheme.Request {
		if rp.Purpose == kind.param {
			p.Param = fieldByWire(m.Params.Fields, rp.Name)
		}
	}
	for _, rp := range scheme.Response {
		switch {
		case rp.IsItems:
			p.Items = fieldByWire(m.Response.Type.Fields, rp.Name)
		case rp.Purpose == "next_cursor_field":
			p.Cursor = fieldByWire(m.Response.Type.Fields, rp.Name)
		}
	}
	if p.Param == nil || p.Items == nil || p.Items.Type.Kind != Slice {
		return nil
	}
	p.Item = p.Items.Type.Elem
	switch p.Kind {
	case "cursor":
		if p.Cursor == nil || !isString(p.Cursor.Type) || !isString(p.Param.Type) {
			return nil
		}
	default:
		if p.Param.Type != tInt {
			return nil
		}
	}
	return p
}

func fieldByWire(fields []*Field, wire string) *Field {
	for _, f := range fields {
		if f.Wire == wire {
			return f
		}
	}
	return nil
}

// isString reports a string, or a pointer to one.
func isString(t *TypeRef) bool {
	if t.Kind == Pointer {
		t = t.Elem
	}
	return t == tString
}
