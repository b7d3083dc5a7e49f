"""Small helpers the bench scripts share: a free loopback port, and waiting until something listens."""
import socket, sys, time


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
