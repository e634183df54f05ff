#!/usr/bin/env bash
# Core benchmarks (release): planning the sample year plus 5,000 generated sessions (< 100 ms),
# the optimal merge of 2,000 change points into 120 actions (< 1 s), and the CSV reader alone.
# Usage: bench/core-bench.sh [plan|merge|csv|all]. Exits 1 when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product termscale-bench >/dev/null
"$(swift build -c release --show-bin-path)/termscale-bench" "${1:-all}"
