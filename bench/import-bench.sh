#!/usr/bin/env bash
# Import benchmark: `termscale import` of a 50,000-event exam feed (parse + store into a fresh
# SQLite database), against PyPI icalendar parsing the same file (parse only, no store).
#
# Usage (from anywhere; it works from the repository root):
#   bash bench/import-bench.sh
# Environment:
#   BENCH_EVENTS=50000       events in the generated feed
#   BENCH_RUNS=5             termscale runs (each on a new, empty database)
#   BENCH_PY_RUNS=3          python icalendar runs
#   BENCH_MAX_SECONDS=1.0    fail (exit 1) when termscale's best run takes this long or longer
#   TERMSCALE_BIN=PATH       use this binary and skip `swift build`
#
# Needs python3 (icalendar is pip-installed if missing) and a Swift toolchain; prints hyperfine's
# figures too when hyperfine is installed. Generated files go to bench/out/ (gitignored).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

events="${BENCH_EVENTS:-50000}"
runs="${BENCH_RUNS:-5}"
py_runs="${BENCH_PY_RUNS:-3}"
max_seconds="${BENCH_MAX_SECONDS:-1.0}"
feed="bench/out/bench-${events}.ics"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# best and median of the numbers given as arguments: prints "BEST MEDIAN"
best_median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.3f %.3f\n", v[1], m }'
}

# --- tools ---------------------------------------------------------------------------------
if ! python3 -c 'import icalendar' 2>/dev/null; then
    echo "== installing icalendar (pip)"
    python3 -m pip install -q icalendar
fi

if [[ -n "${TERMSCALE_BIN:-}" ]]; then
    bin="$TERMSCALE_BIN"
else
    echo "== swift build -c release --product termscale"
    swift build -c release --product termscale
    bin="$(swift build -c release --show-bin-path)/termscale"
fi
[[ -x "$bin" ]] || { echo "termscale binary not found: $bin" >&2; exit 2; }

# --- input ---------------------------------------------------------------------------------
mkdir -p bench/out
if [[ ! -s "$feed" ]]; then
    echo "== generating $feed"
    python3 bench/generate-ics.py "$events" "$feed"
fi
echo "== input: $feed ($(wc -c <"$feed") bytes, $events events)"

tmpdir="$(mktemp -d "${TMPDIR:-/tmp}/termscale-bench.XXXXXX")"
trap 'rm -rf "$tmpdir"' EXIT

# --- termscale import ----------------------------------------------------------------------
echo "== termscale import, $runs runs, fresh database each"
ts_times=()
for ((i = 1; i <= runs; i++)); do
    tmpdb="$tmpdir/run-$i.sqlite"
    t0="$(now)"
    if ! "$bin" import "$feed" --kind exam --source bench --db "$tmpdb" >"$tmpdir/run-$i.log" 2>&1; then
        echo "termscale import failed (run $i):" >&2
        tail -n 40 "$tmpdir/run-$i.log" >&2
        exit 2
    fi
    t1="$(now)"
    t="$(elapsed "$t0" "$t1")"
    ts_times+=("$t")
    echo "  run $i: $t s"
done
read -r ts_best ts_median < <(best_median "${ts_times[@]}")
echo "  best $ts_best s, median $ts_median s"
echo "  last run's output:"
sed 's/^/    /' "$tmpdir/run-$runs.log" | tail -n 10
# A fast import of nothing proves nothing: check the count the import reports.
imported="$(grep -oE '[0-9]+ exam sessions' "$tmpdir/run-$runs.log" | head -n 1 | cut -d' ' -f1 || true)"
if [[ -z "$imported" ]]; then
    echo "  warning: no 'N exam sessions' in termscale's output; event count not checked" >&2
elif [[ "$imported" != "$events" ]]; then
    echo "FAIL: termscale imported $imported exam sessions, expected $events" >&2
    exit 1
fi

if command -v hyperfine >/dev/null 2>&1; then
    echo "== hyperfine"
    hfdb="$tmpdir/hyperfine.sqlite"
    hyperfine --warmup 1 --runs "$runs" \
        --prepare "rm -f '$hfdb' '$hfdb-wal' '$hfdb-shm' '$hfdb-journal'" \
        "'$bin' import '$feed' --kind exam --source bench --db '$hfdb'"
fi

# --- python icalendar ----------------------------------------------------------------------
echo "== python icalendar $(python3 -c 'import icalendar; print(icalendar.__version__)'), $py_runs runs (parse only)"
py_times=()
for ((i = 1; i <= py_runs; i++)); do
    out="$(python3 bench/python_icalendar_parse.py "$feed")"
    t="$(awk '/^elapsed:/ { print $2 }' <<<"$out")"
    n="$(awk '/^events:/ { print $2 }' <<<"$out")"
    py_times+=("$t")
    echo "  run $i: $t s ($n events)"
done
read -r py_best py_median < <(best_median "${py_times[@]}")
echo "  best $py_best s, median $py_median s"

# --- summary -------------------------------------------------------------------------------
echo
echo "== summary ($events events, best / median of runs)"
echo "termscale import (parse+store): $ts_best s | python icalendar (parse only): $py_best s   (best)"
echo "termscale import (parse+store): $ts_median s | python icalendar (parse only): $py_median s   (median)"

if awk -v t="$ts_best" -v m="$max_seconds" 'BEGIN { exit !(t >= m) }'; then
    echo "FAIL: termscale's best import took $ts_best s, limit is under $max_seconds s" >&2
    exit 1
fi
echo "OK: termscale's best import $ts_best s < $max_seconds s"
