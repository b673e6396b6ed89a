# sdkgen's tasks. `make help` lists them; `make test` is what CI runs.

GO ?= go

# A package's tests must finish in this time. The streaming runtime's
# behaviour tests are the slowest (a minute or more on two cores).
TEST_TIMEOUT ?= 10m

# How long each fuzz target runs under `make fuzz`.
FUZZTIME ?= 30s

# Go benchmarks `make bench` and `make bench-module` run (a -bench regexp),
# and how many times `make bench` runs each (benchstat wants several).
BENCH ?= .
COUNT ?= 6

# Where `make bench` leaves its raw results (bench/results is git-ignored).
BENCH_OUT ?= bench/results
BENCH_DIR := $(abspath $(BENCH_OUT))

# Flags of `make bench-peers` (bench/cmd/cmdbench), for instance
# PEERS_FLAGS='-rows stripe,growth -runs 3' or PEERS_FLAGS='-rev HEAD'.
PEERS_FLAGS ?=

# staticcheck 2026.2.2; older releases cannot load packages built by Go 1.26.
# It is installed once into ./bin under a versioned name, so changing the
# version here installs the new one.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := bin/staticcheck-$(STATICCHECK_VERSION)

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: test
test: build vet fmt-check ## What CI runs: build, vet, gofmt check, every test (and the bench module's tool tests).
	$(GO) test -timeout $(TEST_TIMEOUT) ./...
	cd bench && $(GO) test ./cmd/...

.PHONY: build
build: ## Build every package, the golden and example SDKs included.
	$(GO) build ./...

.PHONY: vet
vet: ## go vet every package.
	$(GO) vet ./...

.PHONY: fmt-check
fmt-check: ## Fail, listing them, when files are not gofmt-formatted.
	@files=$$(gofmt -l .); \
	if [ -n "$$files" ]; then \
		echo "gofmt: these files need formatting (run gofmt -w on them):"; \
		echo "$$files"; \
		exit 1; \
	fi

.PHONY: lint
lint: fmt-check vet $(STATICCHECK) ## gofmt, go vet and staticcheck over the whole module.
	$(STATICCHECK) ./...

$(STATICCHECK):
	GOBIN=$(CURDIR)/bin $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/staticcheck $@

.PHONY: golden
golden: ## Regenerate golden/ and examples/chat/acme, then test them.
	UPDATE_GOLDEN=1 $(GO) test -count=1 ./internal/emit -run TestGolden
	$(GO) generate ./examples/chat
	$(GO) test ./internal/emit -run 'TestGolden|TestDeterministic'

.PHONY: example
example: ## Regenerate the example SDK and run the streaming example.
	$(GO) generate ./examples/chat
	$(GO) run ./examples/chat

.PHONY: corpus
corpus: $(STATICCHECK) ## Generate, build, vet and staticcheck an SDK from every spec in ../shared/corpus/specs (no config); one line per spec.
	@SDKGEN_CORPUS=all STATICCHECK=$(CURDIR)/$(STATICCHECK) $(GO) test ./internal/generate -run 'TestCorpusBuilds' -count=1 -timeout 60m -v 2>&1 | \
		awk '/^    --- (PASS|FAIL)/ { n++; if ($$2 == "FAIL") f++; sub(/^    --- /, ""); print } \
		     /^(FAIL|ok)[ \t]/ { last = $$0 } \
		     END { printf "%d specs, %d passed, %d failed\n", n, n - f, f; if (f > 0 || n == 0) exit 1 }'

.PHONY: fuzz
fuzz: ## Run every Fuzz target of this module for FUZZTIME (default 30s) each.
	@set -e; \
	for pkg in $$($(GO) list -f '{{.ImportPath}}:{{.Dir}}' ./...); do \
		grep -qs '^func Fuzz' "$${pkg#*:}"/*_test.go || continue; \
		for target in $$($(GO) test -list '^Fuzz' "$${pkg%%:*}" | grep '^Fuzz'); do \
			echo "== $${pkg%%:*} $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) "$${pkg%%:*}"; \
		done; \
	done

.PHONY: bench
bench: ## The peer benchmark suite of bench/README.md: streaming, memory, SSE framing, then whole commands (25 to 40 minutes).
	mkdir -p $(BENCH_DIR)
	cd bench && $(GO) generate ./openaistream
	cd bench && $(GO) test -run '^$$' -bench '$(BENCH)' -skip 'StreamMemory' -benchmem -count $(COUNT) ./... > $(BENCH_DIR)/go.txt && cat $(BENCH_DIR)/go.txt
	cd bench && $(GO) tool benchstat -col /impl $(BENCH_DIR)/go.txt > $(BENCH_DIR)/benchstat.txt && cat $(BENCH_DIR)/benchstat.txt
	cd bench && $(GO) test -run '^$$' -bench 'StreamMemory' -benchtime 1x -timeout 60m ./openaistream > $(BENCH_DIR)/memory.txt && cat $(BENCH_DIR)/memory.txt
	cd bench && $(GO) run ./cmd/cmdbench $(PEERS_FLAGS) > $(BENCH_DIR)/commands.md && cat $(BENCH_DIR)/commands.md

.PHONY: bench-module
bench-module: ## Run this module's own benchmarks (BENCH selects them), outside the peer suite.
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem ./...

.PHONY: bench-peers
bench-peers: ## Time whole commands against their peers (oapi-codegen, ogen, kin-openapi, openai-go) on ../shared/corpus; markdown on stdout.
	cd bench && $(GO) run ./cmd/cmdbench $(PEERS_FLAGS)

.PHONY: clean
clean: ## Remove ./bin (the installed staticcheck, and the peers bench-peers installs).
	rm -rf bin
