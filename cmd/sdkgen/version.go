package main

import "runtime/debug"

// modulePath is sdkgen's own module, looked up in the build information.
const modulePath = "github.com/sdkgen/sdkgen"

// versionString returns sdkgen's version from the build information: the
// main module's version when sdkgen is built as itself (go install ...@v1.2.3),
// the dependency's version when another module builds it (go run in a
// project that requires sdkgen), and "devel" otherwise, with the VCS
// revision when the build recorded one.
func versionString(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "devel"
	}
	v := ""
	if info.Main.Path == modulePath {
		v = info.Main.Version
	}
	for _, dep := range info.Deps {
		if dep.Path == modulePath {
			v = dep.Version
		}
	}
	if v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return "devel " + rev
}
