#!/usr/bin/env bash
# CPU time per event for each benchmark, measured with `perf stat -e task-clock`
# instead of wall time: on a shared 2-core machine where other jobs run, the
# wall-clock ns/op of `go test -bench` includes time the benchmark spent
# descheduled. Each benchmark runs at N1 and at N2 iterations (best of 3 runs
# each); the difference of the two CPU times divided by N2-N1 cancels start-up
# costs.
# Usage: [N1=200000 N2=1200000] ./cpu-per-event.sh [regexp]   (needs perf: apt-get install linux-perf)
set -euo pipefail
cd "$(dirname "$0")"
pattern="${1:-.}"
go test -c -o /tmp/sdkgen-bench.test . >/dev/null
n1=${N1:-200000}
n2=${N2:-1200000}
cpu() { # benchmark, iterations -> task-clock in ms (best of 3)
	best=""
	for _ in 1 2 3; do
		ms=$(perf stat -x, -e task-clock /tmp/sdkgen-bench.test -test.run '^$' -test.bench "^$1\$" -test.benchtime "${2}x" -test.cpu 1 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}')
		if [ -z "$best" ] || awk "BEGIN{exit !($ms < $best)}"; then best=$ms; fi
	done
	echo "$best"
}
printf '%-50s %12s\n' benchmark 'CPU ns/event'
for b in $(/tmp/sdkgen-bench.test -test.list '^Benchmark' | grep -E "$pattern"); do
	for sub in $(/tmp/sdkgen-bench.test -test.run '^$' -test.bench "^$b\$" -test.benchtime 1x -test.cpu 1 | awk '/^Benchmark/ {print $1}'); do
		t1=$(cpu "$sub" $n1)
		t2=$(cpu "$sub" $n2)
		awk -v a="$t1" -v b="$t2" -v n1=$n1 -v n2=$n2 -v s="$sub" 'BEGIN { printf "%-50s %12.1f\n", s, (b-a)*1e6/(n2-n1) }'
	done
done
