package main

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestNormaliseArgs(t *testing.T) {
	long := map[string]bool{"spec": true, "config": true, "out": true, "check": false, "strict": false, "help": false}
	tests := []struct {
		in, want string
	}{
		{"generate -spec api.yaml -config s.yml", "generate --spec api.yaml --config s.yml"},
		{"generate --spec api.yaml --config s.yml", "generate --spec api.yaml --config s.yml"},
		{"generate -spec=api.yaml -check", "generate --spec=api.yaml --check"},
		{"generate --spec=api.yaml --check", "generate --spec=api.yaml --check"},
		{"generate -check=false -strict", "generate --check=false --strict"},
		{"generate -spec - -out x", "generate --spec - --out x"},
		{"generate -spec -", "generate --spec -"},
		{"generate -out -spec", "generate --out -spec"},  // -spec is the value of -out
		{"generate --out -spec", "generate --out -spec"}, // likewise
		{"generate -out=-spec -spec x", "generate --out=-spec --spec x"},
		{"generate -check -spec x", "generate --check --spec x"}, // a bool takes no value
		{"generate -spec", "generate --spec"},                    // pflag reports the missing value
		{"-h", "-h"},
		{"generate -h", "generate -h"},
		{"generate -help", "generate --help"},
		{"generate --help", "generate --help"},
		{"generate -bogus -s", "generate -bogus -s"}, // unknown: pflag reports them
		{"generate -specx", "generate -specx"},
		{"generate api.yaml x", "generate api.yaml x"},
		{"generate - x", "generate - x"},
		{"generate -- -spec x", "generate -- -spec x"},
		{"-spec x generate", "--spec x generate"},
		{"", ""},
	}
	for _, tt := range tests {
		got := strings.Join(normaliseArgs(strings.Fields(tt.in), long), " ")
		if got != tt.want {
			t.Errorf("normaliseArgs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLongFlags(t *testing.T) {
	long := longFlags(newApp(nil, nil, nil).rootCommand())
	want := map[string]bool{"spec": true, "config": true, "out": true, "module": true, "package": true, "check": false, "strict": false, "help": false}
	if len(long) != len(want) {
		t.Errorf("long flags %v, want %v", slices.Sorted(maps.Keys(long)), want)
	}
	for name, takesValue := range want {
		if got, ok := long[name]; !ok || got != takesValue {
			t.Errorf("long[%q] = %v, %v; want %v, true", name, got, ok, takesValue)
		}
	}
}
