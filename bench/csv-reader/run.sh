#!/usr/bin/env bash
# Benchmark of the CSV timetable reader in release mode. Package.swift has no benchmark target,
# so this builds the library target and links a small driver against its objects.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --target TermscaleReaders >/dev/null
out=bench/out/csv-reader
mkdir -p "$out"
b=.build/release
swiftc -O -I "$b/Modules" bench/csv-reader/main.swift "$b"/TermscaleReaders.build/*.o "$b"/TermscaleCore.build/*.o \
    -o "$out/bench"
"$out/bench"
