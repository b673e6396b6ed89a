package config

import "strings"

// applyDefaults fills in every default the config itself can decide, in one
// place. Defaults that need the spec (the package name, the SDK name, the
// event model) are left to the IR.
func applyDefaults(c *Config) {
	if c.Go.Module == "" && c.Go.ProductionRepo != "" {
		c.Go.Module, c.Go.ModulePos = moduleFromRepo(c.Go.ProductionRepo), c.Go.ProductionRepoPos
	}
	for _, o := range c.ClientOpts {
		if o.Type == "" {
			o.Type = "string"
		}
	}
	c.WalkResources(func(_ string, r *Resource) {
		for _, m := range r.Methods {
			if m.Type == "" {
				m.Type = "http"
			}
		}
	})
}

// moduleFromRepo turns production_repo into a module path: "acme/acme-go" is
// on GitHub; a value whose first element has a dot already names its host.
func moduleFromRepo(repo string) string {
	host, _, _ := strings.Cut(repo, "/")
	if strings.Contains(host, ".") {
		return repo
	}
	return "github.com/" + repo
}
