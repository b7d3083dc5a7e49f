"""What the bench scripts share: a free loopback port, waiting until something listens, and an
ftpproxy daemon started in front of an upstream with its spare workers ready."""
import contextlib, glob, os, signal, socket, subprocess, sys, tempfile, time

RECVMSG = "47"  # x86-64 system call number: a spare worker waits for its client in recvmsg(2)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port):
    """Returns once 127.0.0.1:PORT accepts a connection (5 s at most, else exits)."""
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port)).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"nothing listens on {port}")


def children(pid):
    return {int(c) for path in glob.glob(f"/proc/{pid}/task/*/children") for c in open(path).read().split()}


def wait_spares_ready(pid, spares=2):
    """Returns once SPARES children of PID wait in recvmsg(2), their warm-up done (10 s at most, else exits)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        waiting = 0
        for child in children(pid):
            try:
                waiting += open(f"/proc/{child}/syscall").read().split()[0] == RECVMSG
            except (OSError, IndexError):
                pass  # the child ended, or is running
        if waiting >= spares:
            return
        time.sleep(0.05)
    sys.exit(f"the daemon's {spares} spare workers did not get ready")


@contextlib.contextmanager
def ftpproxy_daemon(ftpproxy, upstream_port, env=None, args=()):
    """Runs FTPPROXY with its defaults (ARGS: options added) in front of 127.0.0.1:UPSTREAM_PORT (ENV:
    variables added to its environment, which its workers inherit); yields (process, port) once it
    listens and its spares are ready, the process's admin_socket set to its admin socket's path;
    stops it with SIGINT."""
    with tempfile.TemporaryDirectory() as admin_dir:
        port = free_port()
        daemon = subprocess.Popen([ftpproxy, "--listen", f"127.0.0.1:{port}", "--upstream", f"127.0.0.1:{upstream_port}",
                                   "--admin-socket", f"{admin_dir}/admin.sock", *args], stderr=subprocess.DEVNULL,
                                  env={**os.environ, **(env or {})})
        daemon.admin_socket = f"{admin_dir}/admin.sock"
        try:
            wait_listening(port)
            wait_spares_ready(daemon.pid)
            yield daemon, port
        finally:
            daemon.send_signal(signal.SIGINT)
            daemon.wait()
