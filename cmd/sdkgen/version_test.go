package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionString(t *testing.T) {
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "devel"},
		{"installed", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.2.3"}}, true, "v1.2.3"},
		{"dependency", &debug.BuildInfo{
			Main: debug.Module{Path: "example.com/app", Version: "(devel)"},
			Deps: []*debug.Module{{Path: "example.com/other", Version: "v9.9.9"}, {Path: modulePath, Version: "v0.4.0"}},
		}, true, "v0.4.0"},
		{"checkout", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}}, true, "devel"},
		{"checkout with vcs", &debug.BuildInfo{
			Main:     debug.Module{Path: modulePath, Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}},
		}, true, "devel 0123456789ab+dirty"},
		{"test binary", &debug.BuildInfo{Main: debug.Module{Path: "example.com/app"}}, true, "devel"},
	}
	for _, tt := range tests {
		if got := versionString(tt.info, tt.ok); got != tt.want {
			t.Errorf("%s: versionString() = %q, want %q", tt.name, got, tt.want)
		}
	}
}
