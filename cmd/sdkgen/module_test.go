package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sdkgen/sdkgen/internal/writer"
)

func TestParseModulePath(t *testing.T) {
	tests := []struct {
		gomod string
		want  string
		err   bool
	}{
		{"module example.com/acme\n\ngo 1.23\n", "example.com/acme", false},
		{"// Deprecated: use v2.\nmodule example.com/acme // a comment\n", "example.com/acme", false},
		{"module example.com/acme// tight comment\n", "example.com/acme", false},
		{"  module\texample.com/acme  \r\n", "example.com/acme", false},
		{`module "example.com/quoted"` + "\n", "example.com/quoted", false},
		{"module `example.com/raw` // c\n", "example.com/raw", false},
		{"go 1.23\nmodule example.com/late\n", "example.com/late", false},
		{"modules example.com/no\nmodule example.com/yes\n", "example.com/yes", false},
		{"go 1.23\n", "", true},
		{"", "", true},
		{"module\n", "", true},
		{`module "unterminated` + "\n", "", true},
		{"module a b\n", "", true},
		{"module (\n\texample.com/block\n)\n", "", true},
	}
	for _, tt := range tests {
		got, err := parseModulePath([]byte(tt.gomod))
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("parseModulePath(%q) = %q, %v; want %q, error %v", tt.gomod, got, err, tt.want, tt.err)
		}
	}
}

func TestFindModule(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("mod/go.mod", "module example.com/mod\n")
	write("mod/nested/go.mod", "module \"example.com/nested\" // own module\n")
	write("sdk/go.mod", writer.GoHeader+"\nmodule example.com/sdk\n")
	write("broken/go.mod", "go 1.23\n")

	tests := []struct {
		dir      string
		want     string
		inModule bool
		err      bool
	}{
		{"mod", "example.com/mod", true, false},
		{"mod/pkg/acme", "example.com/mod/pkg/acme", true, false},
		{"mod/not/yet/made", "example.com/mod/not/yet/made", true, false},
		{"mod/nested", "example.com/nested", true, false},
		{"mod/nested/x", "example.com/nested/x", true, false},
		{"outside", "", false, false},
		// The SDK's own go.mod from an earlier run does not make a module...
		{"sdk", "", false, false},
		// ...but a directory below it is inside that module.
		{"sdk/sub", "example.com/sdk/sub", true, false},
		{"broken/x", "", false, true},
	}
	for _, tt := range tests {
		got, in, err := findModule(filepath.Join(root, filepath.FromSlash(tt.dir)))
		if got != tt.want || in != tt.inModule || (err != nil) != tt.err {
			t.Errorf("findModule(%s) = %q, %v, %v; want %q, %v, error %v", tt.dir, got, in, err, tt.want, tt.inModule, tt.err)
		}
	}
}
