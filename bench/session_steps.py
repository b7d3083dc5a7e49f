#!/usr/bin/python3
"""Where a whole session's time goes, step by step: the same session as the harness's "whole
session" (connect, 220, USER, PASS, PWD, EPSV, data connect, LIST, data, 226, QUIT), timed at each
reply, direct and through a proxy.

    bench/session_steps.py UPSTREAM_PORT PROXY_PORT [SESSIONS]

UPSTREAM_PORT: an FTP server on 127.0.0.1 with user bench, password bench (as bench/run.sh starts
pyftpdlib); PROXY_PORT: an ftpproxy in front of it. Sessions are paced 400 ms apart, as in the
harness, so a warm spare is ready for each. Prints the median and p90 of every step for both, and
the difference of the medians. Loopback only.
"""
import socket, statistics, sys, time

PACE_S = 0.4


def replies(sock):
    """Yields the last line of each reply (continuation lines of multi-line replies skipped)."""
    pending = b""
    while True:
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            text = line.decode("latin-1").rstrip("\r")
            if len(text) >= 3 and text[:3].isdigit() and (len(text) == 3 or text[3] == " "):
                yield text
        chunk = sock.recv(4096)
        if not chunk:
            return
        pending += chunk


def one_session(port):
    """Returns [(step, milliseconds)] for one session."""
    steps, last = [], time.perf_counter()

    def mark(name):
        nonlocal last
        now = time.perf_counter()
        steps.append((name, (now - last) * 1000))
        last = now

    control = socket.create_connection(("127.0.0.1", port))
    control.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reader = replies(control)

    def command(name, line):
        if line:
            control.sendall(line.encode() + b"\r\n")
        reply = next(reader)
        mark(name)
        return reply

    command("connect→220", None)
    command("USER→331", "USER bench")
    command("PASS→230", "PASS bench")
    command("PWD→257", "PWD")
    epsv = command("EPSV→229", "EPSV")
    data = socket.create_connection(("127.0.0.1", int(epsv.split("|")[3])))
    mark("data connect")
    command("LIST→1xx", "LIST")
    while data.recv(65536):
        pass
    data.close()
    mark("data to EOF")
    command("→226", None)
    command("QUIT→221", "QUIT")
    control.close()
    return steps


def record(samples, steps):
    """Adds one session's steps, and its whole session, to SAMPLES ({step: [ms]})."""
    for name, ms in steps + [("whole session", sum(ms for _, ms in steps))]:
        samples.setdefault(name, []).append(ms)


def p90(values):
    return sorted(values)[int(len(values) * 0.9)]


def measure(port, sessions):
    samples = {}
    for _ in range(sessions):
        record(samples, one_session(port))
        time.sleep(PACE_S)
    return samples


def main():
    upstream, proxy = int(sys.argv[1]), int(sys.argv[2])
    sessions = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    direct, through = measure(upstream, sessions), measure(proxy, sessions)
    print("| step | direct median | p90 | through ftpproxy median | p90 | added (medians) |")
    print("|---|---|---|---|---|---|")
    for name in direct:
        d, t = direct[name], through[name]
        print(f"| {name} | {statistics.median(d):.2f} ms | {p90(d):.2f} ms | {statistics.median(t):.2f} ms"
              f" | {p90(t):.2f} ms | {statistics.median(t) - statistics.median(d):+.2f} ms |")


if __name__ == "__main__":
    main()
