#!/usr/bin/env bash
# AWS client benchmark, side by side with boto3/botocore doing the same work:
#   - SigV4-signing 100,000 Auto Scaling requests;
#   - a push of 120 scheduled actions in batches of 50 plus the read-back of all pages, against
#     a local moto_server (both clients sign; moto here does not check signatures).
# Usage: bench/aws-bench.sh   (needs moto[server] and boto3: scripts/install-deps)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x .venv/bin/moto_server ]; then export PATH="$PWD/.venv/bin:$PATH"; fi
swift build -c release --product termscale-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/termscale-bench"

echo "== signing 100,000 requests"
"$bench" sign 100000
python3 bench/aws_boto3.py sign 100000

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
  sleep 0.1
done
endpoint="http://127.0.0.1:$port"
python3 bench/aws_boto3.py setup "$endpoint"

echo "== push 120 scheduled actions + read-back against moto_server ($endpoint)"
"$bench" push "$endpoint"
python3 bench/aws_boto3.py push "$endpoint" 3
