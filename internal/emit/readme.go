package emit

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"

	"github.com/sdkgen/sdkgen/internal/ir"
	"github.com/sdkgen/sdkgen/templates"
)

// readmeData is what templates/readme.md.tmpl renders.
type readmeData struct {
	API *ir.API
	// Header is the generated-file marker.
	Header string
	// Example is a plain call, Stream a streaming one; either may be nil.
	Example *callExample
	Stream  *callExample
	// Paging is an auto-paging call, when the SDK has one.
	Paging *callExample
	// Methods lists every method as "client.Pets.List: GET /pets".
	Methods []string
	// BaseURLEnv and CredentialEnvs are the variables NewClient reads.
	BaseURLEnv string
	Auth       []*ir.AuthSetting
}

// callExample is one method call shown in the README.
type callExample struct {
	// Call is "client.Pets.List", Args the arguments after ctx.
	Call      string
	Args      string
	Spec      string
	Params    string
	Event     string
	Streaming bool
}

// textFiles renders README.md and, when asked, go.mod.
func textFiles(api *ir.API) ([]File, error) {
	tmpl, err := template.ParseFS(templates.Text, "readme.md.tmpl", "gomod.tmpl")
	if err != nil {
		return nil, err
	}
	data := readmeData{API: api, Header: "<!-- " + Header + " -->", BaseURLEnv: api.EnvPrefix + "_BASE_URL", Auth: api.Auth}
	walk(api.Resources, "client", func(call string, r *ir.Resource, m *ir.Method) {
		data.Methods = append(data.Methods, fmt.Sprintf("`%s.%s` — %s %s", call, m.Name, m.HTTPMethod, m.Path))
		ex := example(api.Package, call, m)
		if m.Streaming == nil && data.Example == nil {
			data.Example = ex
		}
		if m.Streaming != nil && data.Stream == nil {
			ex.Streaming = true
			if m.Streaming.Discriminator != nil {
				ex.Call += "Streaming"
			}
			data.Stream = ex
		}
		if m.Pagination != nil && data.Paging == nil {
			data.Paging = example(api.Package, call, m)
			data.Paging.Call = call + "." + m.Pagination.Name
		}
		if m.Streaming != nil && m.Streaming.Discriminator != nil && data.Example == nil {
			data.Example = example(api.Package, call, m)
		}
	})
	var files []File
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "readme.md.tmpl", data); err != nil {
		return nil, err
	}
	files = append(files, File{Path: "README.md", Content: bytes.Clone(buf.Bytes())})
	if api.WriteGoMod {
		buf.Reset()
		if err := tmpl.ExecuteTemplate(&buf, "gomod.tmpl", map[string]string{"Header": "// " + Header, "Module": api.ImportPath}); err != nil {
			return nil, err
		}
		files = append(files, File{Path: "go.mod", Content: bytes.Clone(buf.Bytes())})
	}
	return files, nil
}

// walk visits every method with its client expression.
func walk(rs []*ir.Resource, prefix string, visit func(call string, r *ir.Resource, m *ir.Method)) {
	for _, r := range rs {
		call := prefix + "." + r.Field
		for _, m := range r.Methods {
			visit(call, r, m)
		}
		walk(r.Subresources, call, visit)
	}
}

// example builds the README's sample call of m.
func example(pkg, call string, m *ir.Method) *callExample {
	var args []string
	for _, p := range m.PathParams {
		switch p.Type.Builtin {
		case "string":
			args = append(args, `"`+p.Name+`"`)
		default:
			args = append(args, "1")
		}
	}
	ex := &callExample{Call: call + "." + m.Name, Spec: m.HTTPMethod + " " + m.Path}
	if m.Params != nil {
		args = append(args, pkg+"."+m.Params.Name+"{ /* ... */ }")
		ex.Params = m.Params.Name
	}
	ex.Args = strings.Join(args, ", ")
	if m.Streaming != nil {
		ex.Event = typeString(m.Streaming.Event)
	}
	return ex
}

// typeString spells a type reference for documentation.
func typeString(t *ir.TypeRef) string {
	switch t.Kind {
	case ir.Named:
		return t.Type.Name
	case ir.Slice:
		return "[]" + typeString(t.Elem)
	case ir.Map:
		return "map[string]" + typeString(t.Elem)
	case ir.Pointer:
		return "*" + typeString(t.Elem)
	}
	return t.Builtin
}
