#!/usr/bin/env bash
# The private memory (USS) of a .NET process that uses only parts of ftpproxy's stack:
#   bench/floor.sh
# Publishes bench/FtpProxy.MemoryFloor (ReadyToRun, like ftpproxy), starts three copies of each
# combination (so shared pages are shared, as between workers) and prints the median USS.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/floor
dotnet publish bench/FtpProxy.MemoryFloor -c Release -o "$out" >/dev/null
uss() { awk '/^Private_(Clean|Dirty):/ { kib += $2 } END { print kib }' "/proc/$1/smaps_rollup"; }
echo "| parts | USS (median of 3) |"
echo "|---|---|"
for parts in none sockets blocking serilog json sockets,channels sockets,channels,serilog blocking,serilog sockets,channels,serilog,json; do
  pids=() files=()
  for _ in 1 2 3; do
    file=$(mktemp)
    DOTNET_EnableDiagnostics=0 "$out/FtpProxy.MemoryFloor" "$parts" >"$file" 2>/dev/null &
    pids+=("$!") files+=("$file")
  done
  for file in "${files[@]}"; do   # each prints "ready" once every part has run (10 s at most)
    for _ in $(seq 200); do grep -q ready "$file" && break; sleep 0.05; done
  done
  values=$(for pid in "${pids[@]}"; do uss "$pid"; done | sort -n)
  kill "${pids[@]}"
  wait "${pids[@]}" 2>/dev/null || true
  rm -f "${files[@]}"
  median=$(echo "$values" | sed -n 2p)
  awk -v p="$parts" -v k="$median" 'BEGIN { printf "| %s | %.1f MiB |\n", p, k / 1024 }'
done
