#!/usr/bin/python3
"""bench/storm.py UPSTREAM_PORT FTPPROXY N: N clients connect at once to a fresh ftpproxy daemon (2
spares, limits above N) in front of 127.0.0.1:UPSTREAM_PORT. Prints how many got 220 and how many
421, when the first, the median and the last banner came, and the slowest of the admin socket's `list` answers,
asked every 200 ms while the storm lasts (the sleep paces the asking; it synchronises nothing)."""
import os, sys, time, socket, selectors, statistics, threading
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loopback import ftpproxy_daemon


def ask_admin_until(path, done, answers):
    while not done.is_set():
        started = time.monotonic()
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(60)
            s.connect(path)
            s.sendall(b'{"command":"list"}\n')
            answer = b""
            while chunk := s.recv(65536):
                answer += chunk
        answers.append((time.monotonic() - started, b'"ok":true' in answer))
        time.sleep(0.2)


upstream, exe, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
limits = ("--max-sessions", str(n + 10), "--max-per-ip", str(n + 10))
with ftpproxy_daemon(exe, upstream, args=limits) as (daemon, port):
    done, answers = threading.Event(), []
    admin = threading.Thread(target=ask_admin_until, args=(daemon.admin_socket, done, answers))
    admin.start()
    t0 = time.monotonic()
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
    selector = selectors.DefaultSelector()
    for c in clients:
        selector.register(c, selectors.EVENT_READ)
    banners = []
    while len(banners) < n and time.monotonic() - t0 < 180:
        for key, _ in selector.select(1):
            banners.append((time.monotonic() - t0, key.fileobj.recv(4096)[:3]))
            selector.unregister(key.fileobj)
    done.set()
    admin.join()
    times = sorted(t for t, _ in banners)
    codes = {code: sum(1 for _, c in banners if c == code) for code in {c for _, c in banners}}
    print(f"{exe}: {n} clients at once: " + ", ".join(f"{c.decode() or 'closed'} x{k}" for c, k in sorted(codes.items()))
          + f", {n - len(banners)} unanswered; first banner {times[0]:.2f} s, median {statistics.median(times):.2f} s, last {times[-1]:.2f} s; "
          + f"admin: {len(answers)} answers, slowest {max(t for t, _ in answers):.3f} s, all ok: {all(ok for _, ok in answers)}")
    for c in clients:
        c.close()
