#!/usr/bin/python3
"""bench/idle_uss.py UPSTREAM_PORT FTPPROXY N: private memory (USS) of N idle, logged-in session
children of a fresh ftpproxy daemon in front of 127.0.0.1:UPSTREAM_PORT, each after PWD, EPSV and a
LIST (so every path a session takes has run once). A quick check of one build against another;
bench/run.sh measures the same figure for docs/benchmarks.md. The sleeps pace the sessions (a
benchmark's pacing, not a synchronisation)."""
import os, sys, time, socket, statistics
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loopback import ftpproxy_daemon, children, RECVMSG
from session_steps import replies

def uss(pid):
    kb = 0
    for line in open(f"/proc/{pid}/smaps_rollup"):
        if line.startswith(("Private_Clean", "Private_Dirty")): kb += int(line.split()[1])
    return kb / 1024

upstream, exe, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with ftpproxy_daemon(exe, upstream) as (daemon, port):
    before = children(daemon.pid)
    held = []
    for i in range(n):
        c = socket.create_connection(("127.0.0.1", port)); r = replies(c); next(r)
        for cmd in ("USER bench", "PASS bench", "PWD", "EPSV"):
            c.sendall(cmd.encode() + b"\r\n"); last = next(r)
        d = socket.create_connection(("127.0.0.1", int(last.split("|")[3])))
        c.sendall(b"LIST\r\n"); next(r)
        while d.recv(65536): pass
        d.close(); next(r)
        held.append(c); time.sleep(0.5)
    time.sleep(1)
    busy = [p for p in children(daemon.pid) if open(f"/proc/{p}/syscall").read().split()[0] != RECVMSG]
    vals = sorted(uss(p) for p in busy)
    print(f"{exe}: idle session children {len(vals)} median {statistics.median(vals):.3f} MiB all {' '.join(f'{v:.3f}' for v in vals)}")
    for c in held: c.close()
