#!/usr/bin/python3
"""The daemon's own CPU time per session, over a fresh daemon's first sessions
and again once it has served a few hundred (what its runtime settings change).

    bench/daemon_cpu.py FTPPROXY UPSTREAM_PORT

Starts FTPPROXY (a published ftpproxy) with its defaults in front of the FTP server on
127.0.0.1:UPSTREAM_PORT (user bench, password bench, as bench/run.sh starts pyftpdlib) and runs the
harness's whole session (bench/session_steps.py) over and over: 60 sessions paced 400 ms apart
(measured), 300 more at 150 ms (not measured), 60 paced again (measured). The figures are the
daemon process's alone (all its threads, from /proc/PID/stat), not its workers'. Loopback only.
"""
import os, sys, time

import session_steps
from loopback import ftpproxy_daemon


def cpu_ms(pid):
    """utime + stime of the whole process, threads that already ended included (clock ticks)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def run(port, sessions, pace):
    for _ in range(sessions):
        session_steps.one_session(port)
        time.sleep(pace)


def measured(pid, port, label):
    before = cpu_ms(pid)
    run(port, 60, session_steps.PACE_S)
    print(f"| {label} | {(cpu_ms(pid) - before) / 60:.1f} ms |")


def main():
    ftpproxy, upstream = sys.argv[1], int(sys.argv[2])
    with ftpproxy_daemon(ftpproxy, upstream) as (daemon, port):
        print("| daemon's sessions | daemon CPU per session |")
        print("|---|---|")
        measured(daemon.pid, port, "1–60 (fresh daemon)")
        run(port, 300, 0.15)
        measured(daemon.pid, port, "361–420")


main()
