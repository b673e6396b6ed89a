package config

import "slices"

// keySet lists the keys valid at one place in the config: the ones sdkgen
// reads, and the ones Stainless defines that sdkgen does not use yet (they
// give a Config/Unsupported warning, so a real Stainless config loads). Any
// other key is a Config/UnknownKey error.
type keySet struct {
	used      []string
	stainless []string
	// open marks a place whose Stainless keys are not all listed here: any
	// key sdkgen does not read is a warning there, not an error.
	open bool
	// why, when set, replaces the usual reason in Config/Unsupported warnings.
	why string
}

func (k keySet) uses(key string) bool  { return slices.Contains(k.used, key) }
func (k keySet) knows(key string) bool { return k.open || slices.Contains(k.stainless, key) }

// all lists every valid key, for suggestions and messages.
func (k keySet) all() []string { return append(slices.Clone(k.used), k.stainless...) }

// The tables, one per nesting level. "used" keys are documented in
// CONFIG.md and STREAMING.md; "stainless" keys come from Stainless's config
// reference and from real-world stainless.yml files.
var (
	// top level
	topKeys = keySet{
		used: []string{"organization", "targets", "client_settings", "environments", "resources",
			"pagination", "streaming", "unmapped"},
		stainless: []string{"edition", "settings", "readme", "openapi", "query_settings", "security",
			"security_schemes", "custom_casings", "diagnostics", "codeflow", "unspecified_endpoints", "package"},
	}

	// organization
	organizationKeys = keySet{
		used:      []string{"name"},
		stainless: []string{"docs", "contact", "github_org"},
	}

	// targets
	targetKeys = keySet{
		used: []string{"go"},
		why:  "sdkgen generates only the Go SDK",
		stainless: []string{"node", "typescript", "python", "java", "kotlin", "ruby", "terraform",
			"cli", "csharp", "php"},
	}

	// targets.go ("module" is an sdkgen extension)
	goTargetKeys = keySet{
		used:      []string{"package_name", "module", "production_repo"},
		stainless: []string{"edition", "options", "skip", "publish"},
	}

	// client_settings
	clientSettingsKeys = keySet{
		used: []string{"opts"},
		stainless: []string{"idempotency", "idempotency_header", "opt_in_new_security_behaviour",
			"default_headers", "default_timeout", "default_retries"},
	}

	// client_settings.opts.<name>
	clientOptKeys = keySet{
		used:      []string{"type", "read_env", "nullable", "default", "description", "auth"},
		stainless: []string{"send_in_header"},
	}

	// client_settings.opts.<name>.auth
	clientOptAuthKeys = keySet{
		used: []string{"security_scheme", "role"},
	}

	// resources.<name>, and every subresource
	resourceKeys = keySet{
		used:      []string{"models", "methods", "subresources"},
		stainless: []string{"standalone_api", "description", "deprecated", "only", "skip"},
	}

	// resources.<name>.methods.<name> in its map form
	methodKeys = keySet{
		used: []string{"endpoint", "type", "paginated", "pagination", "deprecated", "streaming"},
		stainless: []string{"positional_params", "body_param_name", "skip", "only", "skip_test_reason",
			"unwrap_response", "description"},
	}

	// resources.<name>.models.<name> in its map form. Stainless documents
	// "an object with more detail" here without a full key list, so the
	// place is open.
	modelKeys = keySet{
		used: []string{"type"},
		open: true,
	}

	// resources.<name>.methods.<name>.streaming (on_event, reconnect and
	// event_type_property are sdkgen extensions)
	methodStreamingKeys = keySet{
		used: []string{"param_discriminator", "stream_event_model", "params_type_name", "on_event",
			"reconnect", "event_type_property"},
	}

	// streaming (top level)
	streamingKeys = keySet{
		used: []string{"on_event"},
	}

	// one on_event rule
	ruleKeys = keySet{
		used: []string{"event_type", "data_starts_with", "kind", "handle", "error_property"},
	}

	// one pagination scheme
	paginationKeys = keySet{
		used: []string{"name", "type", "request", "response"},
	}
)

// specialResources are the resource names Stainless gives a meaning to:
// $shared holds models used across resources, $client holds methods on the
// client itself. They are only valid at the top of resources.
var specialResources = []string{"$shared", "$client"}

// handles are the on_event actions (STREAMING.md section 3).
var handles = []string{"yield", "done", "error", "break", "continue"}

// httpMethods are the methods an endpoint may use.
var httpMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "QUERY"}

// clientOptTypes are the client option types sdkgen knows how to generate.
var clientOptTypes = []string{"string", "boolean", "integer", "number"}
