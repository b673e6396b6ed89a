package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// clientFile renders client.go: the Client and NewClient.
func (g *gen) clientFile() *jen.File {
	api := g.api
	f := g.newFile("", api.Package)
	f.PackageComment("// " + strings.Join(commentLines("Package "+api.Package+" is a Go client for the "+api.Name+" API."), "\n// "))
	fields := []jen.Code{
		fieldComment("Options are applied to every request, before the call's own."),
		jen.Id("Options").Index().Add(g.qual("option", "RequestOption")),
	}
	values := jen.Dict{jen.Id("Options"): jen.Id("opts")}
	for _, r := range api.Resources {
		fields = append(fields, fieldComment(r.Field+" holds the methods of the "+r.Path+" resource."), jen.Id(r.Field).Op("*").Id(r.Service))
		values[jen.Id(r.Field)] = jen.Id(constructorName(r)).Call(jen.Id("opts"))
	}
	f.Add(comment(docFor("Client", "is the entry point to the "+api.Name+" API. Create it with NewClient; it is safe for concurrent use.", api.Description)))
	f.Type().Id("Client").Struct(fields...)
	f.Line()
	f.Add(comment(g.newClientDoc()))
	f.Func().Id("NewClient").Params(jen.Id("opts").Op("...").Add(g.qual("option", "RequestOption"))).Op("*").Id("Client").Block(
		append(g.defaultOptions(), jen.Id("opts").Op("=").Append(jen.Id("defaults"), jen.Id("opts").Op("...")),
			jen.Return(jen.Op("&").Id("Client").Values(values)))...,
	)
	return f
}

// newClientDoc documents what NewClient reads from the environment.
func (g *gen) newClientDoc() string {
	api := g.api
	doc := "NewClient returns a client for the " + api.Name + " API. It reads " + api.EnvPrefix + "_BASE_URL"
	for _, a := range api.Auth {
		if a.Env != "" {
			doc += ", " + a.Env
		}
	}
	doc += " from the environment; the options given here win over them."
	if len(api.Environments) > 0 {
		doc += fmt.Sprintf(" The default base URL is %s (option.WithEnvironment%s).", api.Environments[0].URL, api.Environments[0].Name)
	} else {
		doc += " The spec names no absolute server URL, so pass option.WithBaseURL."
	}
	return doc
}

// defaultOptions renders the options NewClient applies before the user's.
func (g *gen) defaultOptions() []jen.Code {
	api := g.api
	defaults := []jen.Code{g.qual("option", "WithHeader").Call(jen.Lit("User-Agent"), jen.Lit(api.Package+"-go"))}
	for _, a := range api.Auth {
		defaults = append(defaults, g.qual("option", "WithAuthScheme").Call(jen.Lit(a.Setting), jen.Lit(a.Kind), jen.Lit(a.Param)))
	}
	if len(api.Environments) > 0 {
		defaults = append(defaults, g.qual("option", "WithEnvironment"+api.Environments[0].Name).Call())
	}
	out := []jen.Code{jen.Id("defaults").Op(":=").Index().Add(g.qual("option", "RequestOption")).ValuesFunc(func(grp *jen.Group) {
		for _, d := range defaults {
			grp.Line().Add(d)
		}
		grp.Line()
	})}
	fromEnv := func(env string, option jen.Code) jen.Code {
		return jen.If(jen.Id("v").Op(":=").Qual("os", "Getenv").Call(jen.Lit(env)), jen.Id("v").Op("!=").Lit("")).Block(
			jen.Id("defaults").Op("=").Append(jen.Id("defaults"), jen.Add(option).Call(jen.Id("v"))))
	}
	out = append(out, fromEnv(api.EnvPrefix+"_BASE_URL", g.qual("option", "WithBaseURL")))
	for _, a := range api.Auth {
		if a.Env != "" {
			out = append(out, fromEnv(a.Env, g.qual("option", a.Option)))
		}
	}
	return out
}

// optionFile renders the API's own options: one per environment and one
// per credential.
func (g *gen) optionFile() *jen.File {
	f := g.newFile("option", "option")
	for _, e := range g.api.Environments {
		name := "WithEnvironment" + e.Name
		f.Add(comment(fmt.Sprintf("%s sends requests to the %s environment, %s.", name, e.Key, e.URL)))
		f.Func().Id(name).Params().Id("RequestOption").Block(jen.Return(jen.Id("WithBaseURL").Call(jen.Lit(e.URL))))
		f.Line()
	}
	for _, a := range g.api.Auth {
		how := map[string]string{
			"bearer": "as a bearer token in the Authorization header",
			"basic":  "as HTTP basic auth; pass \"user:password\"",
			"header": "in the " + a.Param + " header",
			"query":  "as the " + a.Param + " query parameter",
			"cookie": "as the " + a.Param + " cookie",
		}[a.Kind]
		doc := fmt.Sprintf("%s sets the %s credential, sent %s.", a.Option, a.Setting, how)
		if a.Env != "" {
			doc += " NewClient reads it from " + a.Env + " when this option is not given."
		}
		f.Add(comment(joinSentences(doc, a.Description)))
		f.Func().Id(a.Option).Params(jen.Id("value").String()).Id("RequestOption").Block(
			jen.Return(jen.Id("WithCredential").Call(jen.Lit(a.Setting), jen.Id("value"))))
		f.Line()
	}
	return f
}
