package naming

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"max_tokens", []string{"max", "tokens"}},
		{"CreateChatCompletionResponse", []string{"Create", "Chat", "Completion", "Response"}},
		{"HTTPServer", []string{"HTTP", "Server"}},
		{"petId", []string{"pet", "Id"}},
		{"v1/chat-completions", []string{"v1", "chat", "completions"}},
		{"2fa", []string{"2fa"}},
		{"ID", []string{"ID"}},
		{"already.dotted.name", []string{"already", "dotted", "name"}},
		{"héllo", []string{"h", "llo"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExported(t *testing.T) {
	tests := map[string]string{
		"max_tokens":                   "MaxTokens",
		"json_path":                    "JSONPath",
		"id":                           "ID",
		"url":                          "URL",
		"petId":                        "PetID",
		"chat.completion":              "ChatCompletion",
		"CreateChatCompletionResponse": "CreateChatCompletionResponse",
		"user_ids":                     "UserIDs",
		"2024-01-01":                   "V20240101",
		"+":                            "Plus",
		"-":                            "Minus",
		">=":                           "GtEq",
		"":                             "Empty",
		"type":                         "Type",
		"x-request-id":                 "XRequestID",
		"HTTPServer":                   "HTTPServer",
		"apiKey":                       "APIKey",
		"oauth2":                       "Oauth2",
		"*/}":                          "StarSlashRBrace",
	}
	for in, want := range tests {
		got := Exported(in)
		if got != want {
			t.Errorf("Exported(%q) = %q, want %q", in, got, want)
		}
		if !IsIdentifier(got) {
			t.Errorf("Exported(%q) = %q is not an identifier", in, got)
		}
	}
}

func TestUnexported(t *testing.T) {
	tests := map[string]string{
		"PetID":     "petID",
		"URLPath":   "urlPath",
		"type":      "type_",
		"func":      "func_",
		"string":    "string_",
		"max_items": "maxItems",
		"2fa":       "v2fa",
		"+":         "plus",
		"ID":        "id",
	}
	for in, want := range tests {
		got := Unexported(in)
		if got != want {
			t.Errorf("Unexported(%q) = %q, want %q", in, got, want)
		}
		if !IsIdentifier(got) {
			t.Errorf("Unexported(%q) = %q is not an identifier", in, got)
		}
	}
}

func TestPackage(t *testing.T) {
	tests := map[string]string{
		"acme":       "acme",
		"Acme-Go":    "acmego",
		"type":       "typesdk",
		"":           "sdk",
		"9lives":     "sdk9lives",
		"open_ai.v2": "openaiv2",
	}
	for in, want := range tests {
		if got := Package(in); got != want {
			t.Errorf("Package(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSingular(t *testing.T) {
	tests := map[string]string{
		"completions":   "completion",
		"pets":          "pet",
		"categories":    "category",
		"statuses":      "status",
		"addresses":     "address",
		"data":          "data",
		"chat":          "chat",
		"vector_stores": "vector_store",
		"people":        "person",
		"boxes":         "box",
		"analysis":      "analysis",
		"PETS":          "PET",
	}
	for in, want := range tests {
		if got := Singular(in); got != want {
			t.Errorf("Singular(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScope(t *testing.T) {
	s := NewScope("Client")
	got := []string{s.Claim("Pet", "a"), s.Claim("Pet", "b"), s.Claim("Client", "c"), s.Claim("Pet2", "d"), s.Claim("Pet", "e")}
	want := []string{"Pet", "Pet2", "Client2", "Pet22", "Pet3"}
	if !slices.Equal(got, want) {
		t.Fatalf("claims = %q, want %q", got, want)
	}
	if owner, ok := s.Owner("Pet2"); !ok || owner != "b" {
		t.Fatalf("Owner(Pet2) = %q, %v", owner, ok)
	}
}

func TestExportedSymbolsStayDistinct(t *testing.T) {
	seen := map[string]string{}
	for _, v := range []string{"`", "\\", `"`, "'", "(", ")", "[", "]", "{", "}", "+", "-", "*"} {
		got := Exported(v)
		if prev, ok := seen[got]; ok {
			t.Errorf("Exported(%q) = Exported(%q) = %q", v, prev, got)
		}
		seen[got] = v
	}
}
