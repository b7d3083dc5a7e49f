#!/usr/bin/python3
"""CPU time a session costs each process, from /proc/PID/task/*/schedstat (nanoseconds on a CPU).

    bench/session_cpu.py FTPPROXY UPSTREAM_PORT [RELAY]

Starts FTPPROXY (a published ftpproxy) in front of the FTP server on 127.0.0.1:UPSTREAM_PORT (user
bench, password bench, as bench/run.sh starts pyftpdlib), runs sessions of four kinds with Python's
ftplib and prints the median CPU the session's worker and the daemon used while the session ran
(sampled before QUIT, so the worker's exit is not counted). With RELAY (bench/FtpProxy.Relay), the
same for the .NET relay's one process. Loopback only.
"""
import ftplib, glob, statistics, subprocess, sys, time

from loopback import children, free_port, ftpproxy_daemon, wait_listening

SESSIONS, SKIPPED = 12, 3   # the first sessions of a fresh daemon still pay its JIT


def cpu_ms(pid):
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            total += int(open(path).read().split()[0])
        except (OSError, ValueError):
            pass  # a thread ended between the listing and the read
    return total / 1e6


def session(port, kind):
    """Runs the session up to (not including) QUIT; returns the open connection."""
    ftp = ftplib.FTP()
    ftp.connect("127.0.0.1", port)
    if kind != "greeting":
        ftp.login("bench", "bench")
    if kind == "20 NOOPs":
        for _ in range(20):
            ftp.voidcmd("NOOP")
    if kind == "PWD + LIST":
        ftp.pwd()
        ftp.retrlines("LIST", lambda line: None)
    time.sleep(0.05)  # let the last reply's wake-ups settle before sampling
    return ftp


def measure(port, owner, per_session_children):
    for kind in ("greeting", "login", "20 NOOPs", "PWD + LIST"):
        sessions, owners = [], []
        for i in range(SESSIONS):
            before = {pid: cpu_ms(pid) for pid in children(owner)} if per_session_children else {}
            owner_before = cpu_ms(owner)
            ftp = session(port, kind)
            owner_used = cpu_ms(owner) - owner_before
            used = sum(cpu_ms(pid) - cpu for pid, cpu in before.items())
            ftp.quit()
            if i >= SKIPPED:
                sessions.append(used)
                owners.append(owner_used)
            time.sleep(0.4)
        if per_session_children:
            print(f"| {kind} | {statistics.median(sessions):.2f} ms | {statistics.median(owners):.2f} ms |")
        else:
            print(f"| {kind} | {statistics.median(owners):.2f} ms | – |")


def main():
    ftpproxy, upstream = sys.argv[1], int(sys.argv[2])
    relay = sys.argv[3] if len(sys.argv) > 3 else None
    with ftpproxy_daemon(ftpproxy, upstream) as (daemon, port):
        print("| session (before QUIT) | ftpproxy session worker | ftpproxy daemon |")
        print("|---|---|---|")
        measure(port, daemon.pid, per_session_children=True)
    if relay:
        port = free_port()
        process = subprocess.Popen([relay, f"127.0.0.1:{port}", f"127.0.0.1:{upstream}"])
        try:
            wait_listening(port)
            print()
            print("| session (before QUIT) | .NET async relay process | |")
            print("|---|---|---|")
            measure(port, process.pid, per_session_children=False)
        finally:
            process.kill()
            process.wait()


main()
