#!/usr/bin/env bash
# One command for every figure in docs/benchmarks.md:
#   bench/run.sh [extra harness args, e.g. --sessions 50]
# Publishes ftpproxy twice (JIT and ReadyToRun), then measures both against a direct connection.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
rm -rf "$out"
dotnet publish src/FtpProxy -c Release -p:PublishReadyToRun=false -o "$out/jit" >/dev/null
dotnet publish src/FtpProxy -c Release -o "$out/r2r" >/dev/null   # the default publish: ReadyToRun
dotnet build bench/FtpProxy.Bench -c Release >/dev/null
dotnet bench/FtpProxy.Bench/bin/Release/net10.0/FtpProxy.Bench.dll \
  --variant "ftpproxy (JIT)=$out/jit/ftpproxy" \
  --variant "ftpproxy (ReadyToRun)=$out/r2r/ftpproxy" \
  "$@"
