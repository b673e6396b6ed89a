#!/usr/bin/env bash
# Fastest and median ns per event of each benchmark over ROUNDS interleaved
# rounds of COUNT runs (one CPU, BENCHTIME iterations per run). On a shared
# machine a run only gets slower when other jobs take the core or its caches,
# so the fastest run is the steadiest estimate of the code's own cost, and
# running the implementations in turn, round after round, spreads the load
# of other jobs evenly over them. Ratios are only meaningful within one call.
# Usage: [ROUNDS=4 COUNT=5 BENCHTIME=1000000x] ./min-per-event.sh [regexp]
set -euo pipefail
cd "$(dirname "$0")"
pattern="${1:-ChatChunksLF|EventIDCRLF}"
go test -c -o /tmp/sdkgen-bench-min.test . >/dev/null
subs=$(/tmp/sdkgen-bench-min.test -test.run '^$' -test.bench "$pattern" -test.benchtime 1x -test.cpu 1 | awk '/^Benchmark/ {print $1}')
for _ in $(seq "${ROUNDS:-4}"); do
	for sub in $subs; do
		/tmp/sdkgen-bench-min.test -test.run '^$' -test.bench "^${sub}\$" -test.benchtime "${BENCHTIME:-1000000x}" \
			-test.count "${COUNT:-5}" -test.cpu 1 | awk '/^Benchmark/ {print $1, $3}'
	done
done | sort -k1,1 -k2,2n | awk '
	{ v[$1] = v[$1] " " $2; n[$1]++ }
	END {
		for (k in v) {
			split(substr(v[k], 2), a, " ")
			m = (n[k] % 2) ? a[(n[k] + 1) / 2] : (a[n[k] / 2] + a[n[k] / 2 + 1]) / 2
			printf "%-50s %10.1f %10.1f %5d\n", k, a[1], m, n[k]
		}
	}' | sort | { printf "%-50s %10s %10s %5s\n" benchmark 'fastest ns' 'median ns' runs; cat; }
