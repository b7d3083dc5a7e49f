#!/usr/bin/python3
"""What one control-connection exchange costs through a proxy, exchange by exchange: USER, PASS and
12 NOOPs in each session, the median of every exchange over 30 sessions (paced 400 ms apart, as in
the harness, so a warm spare is ready for each), direct and through each proxy given.

    bench/exchange_steps.py UPSTREAM_PORT NAME=PORT ...

UPSTREAM_PORT: an FTP server on 127.0.0.1 with user bench, password bench (as bench/run.sh starts
pyftpdlib); NAME=PORT: a proxy in front of it (ftpproxy, or haproxy in TCP mode as a reference).
No data connection is opened, so the figures isolate the relay of the control connection from the
hand-off (connect→220) and from the data bridge. Loopback only.
"""
import socket, statistics, sys, time

from session_steps import PACE_S, replies

NOOPS, SESSIONS = 12, 30


def one_session(port):
    """Returns the round trip of every exchange after the 220, in microseconds."""
    control = socket.create_connection(("127.0.0.1", port))
    control.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reader = replies(control)
    next(reader)
    times = []
    for line in [b"USER bench", b"PASS bench"] + [b"NOOP"] * NOOPS:
        start = time.perf_counter()
        control.sendall(line + b"\r\n")
        next(reader)
        times.append((time.perf_counter() - start) * 1e6)
    control.sendall(b"QUIT\r\n")
    next(reader)
    control.close()
    return times


def main():
    targets = [("direct", int(sys.argv[1]))] + [(n, int(p)) for n, p in (a.split("=", 1) for a in sys.argv[2:])]
    print("| target | USER | PASS | " + " | ".join(f"NOOP {i + 1}" for i in range(NOOPS)) + " |")
    print("|---|" + "---|" * (NOOPS + 2))
    for name, port in targets:
        sessions = []
        for _ in range(SESSIONS):
            sessions.append(one_session(port))
            time.sleep(PACE_S)
        medians = [statistics.median(column) for column in zip(*sessions)]
        print(f"| {name} | " + " | ".join(f"{m:.0f} µs" for m in medians) + " |")


if __name__ == "__main__":
    main()
