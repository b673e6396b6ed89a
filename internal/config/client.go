package config

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

func (d *decoder) clientSettings(c *Config, e entry) {
	fs, _ := d.fields(e.v, e.where, clientSettingsKeys)
	for _, f := range fs {
		if f.key == "opts" {
			for _, o := range d.entries(f.v, f.where) {
				if opt := d.clientOpt(o); opt != nil {
					c.ClientOpts = append(c.ClientOpts, opt)
				}
			}
		}
	}
}

func (d *decoder) clientOpt(e entry) *ClientOpt {
	o := &ClientOpt{Key: e.key, Pos: d.pos(e.k)}
	if isNull(e.v) || resolve(e.v).Kind != yaml.MappingNode {
		d.expected(e.v, e.where, "a map with type, read_env, auth, ...")
		return nil
	}
	fs, _ := d.fields(e.v, e.where, clientOptKeys)
	for _, f := range fs {
		switch f.key {
		case "type":
			if s, ok := d.str(f.v, f.where); ok {
				o.Type = s
				if !slices.Contains(clientOptTypes, s) {
					d.diags.Warnf(d.pos(f.v), "Config/Unsupported", "use one of: "+strings.Join(clientOptTypes, ", "),
						"%s: client option type %q is not supported by sdkgen yet", f.where, s)
				}
			}
		case "read_env":
			if s, ok := d.str(f.v, f.where); ok {
				o.ReadEnv = s
			}
		case "nullable":
			if b, ok := d.boolean(f.v, f.where); ok {
				o.Nullable = b
			}
		case "default":
			o.Default = d.scalarValue(f.v, f.where)
		case "description":
			if s, ok := d.str(f.v, f.where); ok {
				o.Description = s
			}
		case "auth":
			af, _ := d.fields(f.v, f.where, clientOptAuthKeys)
			for _, a := range af {
				s, ok := d.str(a.v, a.where)
				if !ok {
					continue
				}
				if a.key == "security_scheme" {
					o.SecurityScheme = s
				} else {
					o.AuthRole = s
				}
			}
		}
	}
	return o
}

// scalarValue decodes a scalar into a Go bool, int, float64 or string; null
// gives nil. Maps and lists are an InvalidValue error.
func (d *decoder) scalarValue(n *yaml.Node, where string) any {
	if isNull(n) {
		return nil
	}
	r := resolve(n)
	if r.Kind != yaml.ScalarNode {
		d.expected(n, where, "a string, number or boolean")
		return nil
	}
	var v any
	if err := r.Decode(&v); err != nil {
		d.expected(n, where, "a string, number or boolean")
		return nil
	}
	return v
}

func (d *decoder) environments(c *Config, e entry) {
	for _, env := range d.entries(e.v, e.where) {
		s, ok := d.requiredStr(env.v, env.where)
		if !ok {
			continue
		}
		lower := strings.ToLower(s)
		if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
			d.diags.Errorf(d.pos(env.v), "Config/InvalidValue", `write the full base URL, e.g. "https://api.example.com/v1"`,
				"%s: %q is not an http or https URL", env.where, s)
			continue
		}
		c.Environments = append(c.Environments, &Environment{Name: env.key, URL: s, Pos: d.pos(env.k)})
	}
}
