package ir

import (
	"net/url"
	"strings"

	"github.com/sdkgen/sdkgen/internal/naming"
	"github.com/sdkgen/sdkgen/internal/openapi"
)

// environments come from the config's environments, else the spec's
// servers; the first is the default base URL.
func (b *builder) environments() {
	scope := naming.NewScope()
	add := func(key, u string) {
		b.api.Environments = append(b.api.Environments, &Environment{
			Name: scope.Claim(naming.Exported(key), key),
			Key:  key,
			URL:  u,
		})
	}
	if len(b.cfg.Environments) > 0 {
		for _, e := range b.cfg.Environments {
			add(e.Name, e.URL)
		}
		return
	}
	for i, s := range b.doc.Servers {
		u := expandServer(s)
		if parsed, err := url.Parse(u); err != nil || parsed.Scheme == "" || parsed.Host == "" {
			b.diags.Warnf(s.Pos, "Spec/RelativeServer",
				"add an environments entry to the config with the absolute URL",
				"server %q is not an absolute URL; it is not offered as an environment, so callers must pass option.WithBaseURL", s.URL)
			continue
		}
		key := s.Name
		if key == "" && len(naming.Words(s.Description)) > 0 && len(naming.Words(s.Description)) <= 3 {
			key = s.Description
		}
		if key == "" {
			key = "production"
			if i > 0 {
				key = "server" + string(rune('1'+i))
			}
		}
		add(key, u)
	}
}

// expandServer fills a server URL's {variables} with their defaults.
func expandServer(s *openapi.Server) string {
	u := s.URL
	for _, v := range s.Variables {
		u = strings.ReplaceAll(u, "{"+v.Name+"}", v.Default)
	}
	return u
}

// auth derives one option per credential: from client_settings.opts that
// name a security scheme, else from every security scheme in the spec.
func (b *builder) auth() {
	schemes := map[string]*openapi.SecurityScheme{}
	for _, s := range b.doc.SecuritySchemes {
		schemes[s.Key] = s
	}
	options := naming.NewScope("WithBaseURL", "WithHTTPClient", "WithHeader", "WithHeaderAdd", "WithHeaderDel",
		"WithQuery", "WithMaxRetries", "WithRequestTimeout", "WithMiddleware", "WithIdempotencyHeader",
		"WithStreamIdleTimeout", "WithMaxEventSize", "WithMaxReconnects", "WithCredential", "WithAuthScheme", "WithDebugLog")
	for _, e := range b.api.Environments {
		options.Claim("WithEnvironment"+e.Name, e.Key)
	}
	add := func(setting string, s *openapi.SecurityScheme, env, doc string) {
		kind, param := authKind(s)
		if kind == "" {
			return
		}
		b.api.Auth = append(b.api.Auth, &AuthSetting{
			Setting:     setting,
			Option:      options.Claim("With"+naming.Exported(setting), setting),
			Kind:        kind,
			Param:       param,
			Env:         env,
			Description: firstNonEmpty(doc, s.Description),
		})
	}
	if b.cfg.ClientOpts != nil {
		for _, o := range b.cfg.ClientOpts {
			if o.SecurityScheme == "" {
				continue
			}
			s, ok := schemes[o.SecurityScheme]
			if !ok {
				b.diags.Errorf(o.Pos, "Config/UnknownSecurityScheme", b.suggestScheme(o.SecurityScheme),
					"client_settings.opts.%s.auth.security_scheme %q is not in components.securitySchemes", o.Key, o.SecurityScheme)
				continue
			}
			add(o.Key, s, o.ReadEnv, o.Description)
		}
		if len(b.api.Auth) > 0 {
			return
		}
	}
	for _, s := range b.doc.SecuritySchemes {
		env := b.api.EnvPrefix + "_" + strings.ToUpper(strings.Join(naming.Words(s.Key), "_"))
		add(s.Key, s, env, "")
	}
}

// suggestScheme offers the nearest security scheme name.
func (b *builder) suggestScheme(name string) string {
	var keys []string
	for _, s := range b.doc.SecuritySchemes {
		keys = append(keys, s.Key)
	}
	return suggest(name, keys, "use one of the keys of components.securitySchemes")
}

// authKind says how a scheme's credential is sent.
func authKind(s *openapi.SecurityScheme) (kind, param string) {
	switch strings.ToLower(s.Type) {
	case "http":
		switch strings.ToLower(s.Scheme) {
		case "basic":
			return "basic", ""
		case "bearer", "":
			return "bearer", ""
		}
		return "header", "Authorization"
	case "apikey":
		switch s.In {
		case "query":
			return "query", s.ParamName
		case "cookie":
			return "cookie", s.ParamName
		}
		return "header", s.ParamName
	case "oauth2", "openidconnect":
		return "bearer", ""
	}
	return "", ""
}
