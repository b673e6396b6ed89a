package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sdkgen/sdkgen/internal/diag"
)

// validate runs the checks that need more than one part of the config.
func (d *decoder) validate(c *Config) {
	d.checkPaginationRefs(c)
}

// checkPaginationRefs reports methods that name a pagination scheme the
// config does not define.
func (d *decoder) checkPaginationRefs(c *Config) {
	names := make([]string, 0, len(c.Pagination))
	for _, p := range c.Pagination {
		names = append(names, p.Name)
	}
	c.WalkResources(func(path string, r *Resource) {
		for _, m := range r.Methods {
			if m.Pagination == "" || slices.Contains(names, m.Pagination) {
				continue
			}
			fix := "define it in the top-level pagination list"
			if len(names) > 0 {
				fix = "defined schemes: " + strings.Join(names, ", ")
			}
			if near, ok := diag.Nearest(m.Pagination, names); ok {
				fix = fmt.Sprintf("did you mean %q?", near)
			}
			where := "resources." + strings.ReplaceAll(path, ".", ".subresources.") + ".methods." + m.Name + ".pagination"
			d.diags.Errorf(m.PaginationPos, "Config/UnknownPagination", fix,
				"%s: no pagination scheme is named %q", where, m.Pagination)
		}
	})
}

// checkRules checks an on_event list as a whole (STREAMING.md section 3).
// The rules were decoded without errors; listPos is the list's position.
func (d *decoder) checkRules(rules []*Rule, listPos diag.Pos, where string) {
	if len(rules) == 0 {
		return
	}
	fallthroughAt, yields := -1, false
	for i, r := range rules {
		if r.Handle == "yield" {
			yields = true
		}
		if r.ErrorProperty != "" && r.Handle != "yield" && r.Handle != "" {
			d.diags.Warnf(r.Pos, "Streaming/ErrorPropertyIgnored", "remove error_property, or use handle: yield",
				"%s: error_property is only used with handle: yield; ignored with handle: %s", index(where, i), r.Handle)
		}
		if r.Kind == "fallthrough" && fallthroughAt < 0 {
			fallthroughAt = i
			if after := len(rules) - 1 - i; after > 0 {
				d.diags.Warnf(r.Pos, "Streaming/FallthroughNotLast", "move the fallthrough rule to the end of the list",
					"%s: kind: fallthrough matches every event, so the %s after it can never match", index(where, i), plural(after, "rule"))
			}
		}
	}
	if fallthroughAt < 0 {
		d.diags.Warnf(listPos, "Streaming/NoFallthrough", "end the list with {kind: fallthrough, handle: yield} to say so explicitly",
			"%s has no kind: fallthrough rule; events that no rule matches are yielded anyway", where)
	}
	if !yields {
		reach := "only events that no rule matches reach the caller"
		if fallthroughAt >= 0 {
			reach = "no event ever reaches the caller"
		}
		d.diags.Warnf(listPos, "Streaming/NoYield", "add a rule with handle: yield, usually {kind: fallthrough, handle: yield} at the end",
			"%s has no rule with handle: yield; %s", where, reach)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
