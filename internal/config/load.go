package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sdkgen/sdkgen/internal/diag"
)

// Load decodes and validates a config. file names it in diagnostics. In
// zero-config mode the caller passes file == "" and data == nil and gets an
// empty *Config with defaults applied (Resources nil).
//
// It never panics; on errors it still returns what it could decode (may be
// partial) plus the diagnostics, sorted by position.
func Load(file string, data []byte) (c *Config, ds diag.List) {
	c = &Config{File: file}
	d := &decoder{file: file}
	defer func() {
		// A safety net: a bug in this package must not take the run down.
		if r := recover(); r != nil {
			d.diags.Errorf(diag.Pos{File: file}, "Config/Internal", "please report this as a bug in sdkgen",
				"internal error while reading the config: %v", r)
			ds = d.diags.Sorted()
		}
	}()
	root, extra, err := parse(data)
	switch {
	case err != nil:
		d.syntaxError(data, err)
	case root != nil:
		if extra != nil {
			d.diags.Warnf(d.pos(extra), "Config/Unsupported", "remove the '---' and what follows, or move it into the first document",
				"only the first YAML document of the file is read; this one is ignored")
		}
		d.checkDuplicates(root)
		d.top(c, root)
		d.validate(c)
	}
	applyDefaults(c)
	return c, d.diags.Sorted()
}

// parse decodes the first YAML document of data, and the start of a second
// one if there is one. An empty file gives a nil root. Panics inside the YAML
// library are turned into errors.
func parse(data []byte) (root, extra *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, extra, err = nil, nil, fmt.Errorf("yaml: cannot parse the file (%v)", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, nil
		}
		return nil, nil, err
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		if !isNull(&next) {
			extra = resolve(&next)
		}
	case !errors.Is(err, io.EOF):
		return nil, nil, err
	}
	return &doc, extra, nil
}

var yamlLine = regexp.MustCompile(`^line (\d+): `)

// syntaxError reports a YAML parse error. yaml.v3 counts lines inconsistently
// in its messages (some 0-based, some left out on line 1), so the line is
// found again by parsing ever shorter prefixes of the file: the error's line
// is the first one whose prefix fails with the same message.
func (d *decoder) syntaxError(data []byte, err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = yamlLine.ReplaceAllString(msg, "")
	line := errorLine(data, msg)
	d.diags.Errorf(diag.Pos{File: d.file, Line: line}, "Config/Syntax", "", "not valid YAML: %s", msg)
}

// errorLine finds the first line whose prefix of data fails to parse with msg,
// by binary search; 0 when it cannot tell.
func errorLine(data []byte, msg string) int {
	var ends []int // ends[i] is the offset just past line i+1
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	fails := func(i int) bool {
		_, _, err := parse(data[:ends[i]])
		if err == nil {
			return false
		}
		m := strings.TrimPrefix(err.Error(), "yaml: ")
		return yamlLine.ReplaceAllString(m, "") == msg
	}
	lo, hi := 0, len(ends)-1
	if !fails(hi) {
		return 0
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo + 1
}

// top decodes the top-level map.
func (d *decoder) top(c *Config, root *yaml.Node) {
	n := resolve(root)
	if isNull(n) {
		return
	}
	c.Pos = d.pos(n)
	if n.Kind != yaml.MappingNode {
		d.expected(n, "the config", "a map of keys such as organization, targets and resources")
		return
	}
	fs, _ := d.fields(n, "", topKeys)
	for _, e := range fs {
		switch e.key {
		case "organization":
			d.organization(c, e)
		case "targets":
			d.targets(c, e)
		case "client_settings":
			d.clientSettings(c, e)
		case "environments":
			d.environments(c, e)
		case "resources":
			d.resources(c, e)
		case "pagination":
			d.paginations(c, e)
		case "streaming":
			d.streaming(c, e)
		case "unmapped":
			d.unmapped(c, e)
		}
	}
}

func (d *decoder) organization(c *Config, e entry) {
	c.Organization.Pos = d.pos(e.k)
	fs, _ := d.fields(e.v, e.where, organizationKeys)
	for _, f := range fs {
		if f.key == "name" {
			if s, ok := d.str(f.v, f.where); ok {
				c.Organization.Name = s
			}
		}
	}
}

func (d *decoder) targets(c *Config, e entry) {
	fs, _ := d.fields(e.v, e.where, targetKeys)
	for _, f := range fs {
		if f.key == "go" {
			d.goTarget(c, f)
		}
	}
}

func (d *decoder) goTarget(c *Config, e entry) {
	g := &c.Go
	fs, _ := d.fields(e.v, e.where, goTargetKeys)
	for _, f := range fs {
		s, ok := d.str(f.v, f.where)
		if !ok {
			continue
		}
		s = strings.TrimSpace(s)
		switch f.key {
		case "package_name":
			g.PackageName, g.PackageNamePos = s, d.pos(f.v)
		case "module":
			if s == "" || strings.ContainsAny(s, " \t\\") || strings.HasPrefix(s, "/") || strings.Contains(s, "://") {
				d.diags.Errorf(d.pos(f.v), "Config/InvalidValue", `write it like an import path, e.g. "github.com/acme/acme-go"`,
					"%s: %q is not a Go module path", f.where, s)
				continue
			}
			g.Module, g.ModulePos = s, d.pos(f.v)
		case "production_repo":
			repo, _, _ := strings.Cut(s, "#") // "owner/repo#branch"
			repo = strings.TrimSuffix(strings.TrimSpace(repo), ".git")
			if strings.Count(repo, "/") < 1 || strings.HasPrefix(repo, "/") || strings.HasSuffix(repo, "/") || strings.ContainsAny(repo, " \t") {
				d.diags.Errorf(d.pos(f.v), "Config/InvalidValue", `write it as "<owner>/<repo>", e.g. "acme/acme-go"`,
					"%s: %q is not a GitHub repository", f.where, s)
				continue
			}
			g.ProductionRepo, g.ProductionRepoPos = repo, d.pos(f.v)
		}
	}
}

func (d *decoder) unmapped(c *Config, e entry) {
	s, ok := d.str(e.v, e.where)
	if !ok {
		return
	}
	if s != "generate" {
		d.diags.Errorf(d.pos(e.v), "Config/InvalidValue", `use "unmapped: generate", or leave the key out to skip operations the resources do not map`,
			"%s: unknown value %q", e.where, s)
		return
	}
	c.Unmapped = s
}
