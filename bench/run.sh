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
dotnet publish bench/FtpProxy.Relay -c Release -o "$out/relay" >/dev/null
dotnet build bench/FtpProxy.Bench -c Release >/dev/null
# References (bench/FtpProxy.Bench/ReferenceProxy.cs): a .NET relay of the control connection in one
# long-lived process, always; haproxy (TCP mode, the same relay in C) and SuSE's ftp-proxy (a forking
# C FTP proxy, Debian package ftp-proxy) when installed.
reference=(--dotnet-relay "$out/relay/FtpProxy.Relay")
if command -v haproxy >/dev/null; then reference+=(--haproxy "$(command -v haproxy)"); fi
if [ -x /usr/sbin/ftp-proxy ]; then reference+=(--ftp-proxy /usr/sbin/ftp-proxy); fi
harness() {
  dotnet bench/FtpProxy.Bench/bin/Release/net10.0/FtpProxy.Bench.dll "${reference[@]}" \
    --variant "ftpproxy (JIT)=$out/jit/ftpproxy" \
    --variant "ftpproxy (ReadyToRun)=$out/r2r/ftpproxy" \
    "$@"
}

# 1. Against the in-process fake server: the proxy's own cost, with nothing else in the way.
harness "$@"

# 2. Against a real server (pyftpdlib, when installed): what a user sees.
if /usr/bin/python3 -c 'import pyftpdlib' 2>/dev/null; then
  root=$(mktemp -d) && echo benchmark > "$root/readme.txt"
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  /usr/bin/python3 -m pyftpdlib -i 127.0.0.1 -p "$port" -d "$root" -u bench -P bench >/dev/null 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; rm -rf "$root"' EXIT
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  harness --upstream "127.0.0.1:$port" "$@"
fi
