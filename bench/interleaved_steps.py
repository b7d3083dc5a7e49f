#!/usr/bin/python3
"""A/B comparison of ftpproxy variants, step by step: the session of bench/session_steps.py, with
the sessions of every target interleaved in random order so that the machine's drift from minute
to minute (0.5 ms on this VM) falls on all of them alike.

    bench/interleaved_steps.py UPSTREAM_PORT SESSIONS FTPPROXY[,VAR=VALUE...] ...

Each FTPPROXY argument starts one daemon in front of the FTP server on 127.0.0.1:UPSTREAM_PORT
(user bench, password bench, as bench/run.sh starts pyftpdlib), with the given variables added to
its environment (its workers inherit them). Direct sessions to the server are the first column.
Every session is followed by session_steps.PACE_S of quiet, so each daemon has a warm spare ready
and its replacement has finished warming up before the next session anywhere. Loopback only.
"""
import contextlib, random, statistics, sys, time

from loopback import ftpproxy_daemon
from session_steps import PACE_S, one_session, p90, record


def parse_target(argument):
    path, *assignments = argument.split(",")
    return path, dict(assignment.split("=", 1) for assignment in assignments)


def main():
    upstream, sessions = int(sys.argv[1]), int(sys.argv[2])
    targets = [parse_target(argument) for argument in sys.argv[3:]]
    with contextlib.ExitStack() as stack:
        ports = [upstream] + [stack.enter_context(ftpproxy_daemon(path, upstream, env))[1] for path, env in targets]
        samples = [{} for _ in ports]
        for _ in range(sessions):
            for index in random.sample(range(len(ports)), len(ports)):
                record(samples[index], one_session(ports[index]))
                time.sleep(PACE_S)

    names = ["direct"] + [sys.argv[3 + i] for i in range(len(targets))]
    print("| step | " + " | ".join(f"{name} median / p90" for name in names) + " |")
    print("|---|" + "---|" * len(names))
    for step in samples[0]:
        cells = [f"{statistics.median(s[step]):.2f} / {p90(s[step]):.2f} ms" for s in samples]
        print(f"| {step} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
