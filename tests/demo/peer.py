#!/usr/bin/env python3
"""peer.py - well-behaved and hostile peers of demo_server, for the tests in tests/demo/.

usage: peer.py PORT ACTION [ARGS...]

Well-behaved (exit 0 when every response is what was asked for):
  get [PATH] [--count N] [--every SECONDS] [--head] [--http10] [--close] [--expect STATUS]
                      N requests, one after the other (SECONDS apart), on one keep-alive
                      connection
  pipeline N          N requests written at once, then N responses read
  stat FIELD          one field of GET /stats
Hostile (each waits for the server to end the connection and prints how, and after how long;
exit 0 when the server ended it within --within seconds, default 5):
  garbage             4 KiB of random bytes instead of a TLS handshake
  stall               half a ClientHello, then nothing
  oversized           a 16 KiB request head in one write (answer: 431, then close)
  endless             header lines without end, as fast as the server takes them
  slow-headers        a request head one byte every 0.2 s
  reset               half a request, then a TCP reset
  flood N HOLD        N plain TCP connections held HOLD seconds; prints how many the server
                      closed within that time
"""
import json
import os
import socket
import ssl
import struct
import sys
import time

HOST = "127.0.0.1"


def tls_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def tls_connect(port, timeout=10):
    raw = socket.create_connection((HOST, port), timeout=timeout)
    return tls_context().wrap_socket(raw, server_hostname="localhost")


def request_bytes(path="/", method="GET", version="HTTP/1.1", close=False):
    head = f"{method} {path} {version}\r\nHost: localhost\r\n"
    if close:
        head += "Connection: close\r\n"
    return (head + "\r\n").encode()


class ResponseReader:
    """Reads responses off one connection, keeping bytes that belong to the next one."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by the server")
        self.buf += chunk

    def read(self, head_only=False):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
        length = 0 if head_only else int(headers["content-length"])
        while len(self.buf) < length:
            self._fill()
        body, self.buf = self.buf[:length], self.buf[length:]
        return status, headers, body


def closed_by_server(sock):
    """True once the server has closed (or reset) the connection; False if it is still open."""
    try:
        sock.settimeout(0.05)
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except (socket.timeout, ssl.SSLWantReadError, BlockingIOError):
        return False
    except (ConnectionError, ssl.SSLError, OSError):
        return True


def report_end(sock, started, within, how="closed"):
    """Waits up to `within` seconds for the server to end the connection and reports it."""
    deadline = started + within
    while time.monotonic() < deadline:
        if closed_by_server(sock):
            print(f"{how} by the server after {time.monotonic() - started:.2f} s")
            return 0
    print(f"still open after {within} s")
    return 1


def action_get(port, args):
    path, count, expect, every = "/", 1, 200, 0.0
    head = http10 = close = False
    it = iter(args)
    for arg in it:
        if arg == "--count":
            count = int(next(it))
        elif arg == "--every":
            every = float(next(it))
        elif arg == "--expect":
            expect = int(next(it))
        elif arg == "--head":
            head = True
        elif arg == "--http10":
            http10 = True
        elif arg == "--close":
            close = True
        else:
            path = arg
    sock = tls_connect(port)
    reader = ResponseReader(sock)
    for i in range(count):
        if i:
            time.sleep(every)
        sock.sendall(request_bytes(path, "HEAD" if head else "GET", "HTTP/1.0" if http10 else "HTTP/1.1", close))
        status, headers, body = reader.read(head_only=head)
        print(status, headers.get("connection"), headers.get("content-length"), len(body))
        if status != expect:
            return 1
    if http10 or close:
        return 0 if closed_by_server(sock) or report_end(sock, time.monotonic(), 2) == 0 else 1
    sock.close()
    return 0


def action_pipeline(port, args):
    count = int(args[0])
    sock = tls_connect(port)
    sock.sendall(request_bytes() * count)
    reader = ResponseReader(sock)
    for _ in range(count):
        status, _, body = reader.read()
        print(status, len(body))
        if status != 200:
            return 1
    sock.close()
    return 0


def action_stat(port, args):
    sock = tls_connect(port)
    sock.sendall(request_bytes("/stats", close=True))
    status, _, body = ResponseReader(sock).read()
    sock.close()
    print(json.loads(body)[args[0]])
    return 0 if status == 200 else 1


def client_hello():
    """The first flight of a real TLS client, produced without a network."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = tls_context().wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def action_garbage(port, within):
    sock = socket.create_connection((HOST, port), timeout=10)
    started = time.monotonic()
    sock.sendall(os.urandom(4096))
    return report_end(sock, started, within)


def action_stall(port, within):
    hello = client_hello()
    sock = socket.create_connection((HOST, port), timeout=10)
    started = time.monotonic()
    sock.sendall(hello[: len(hello) // 2])
    return report_end(sock, started, within)


def action_oversized(port, within):
    sock = tls_connect(port)
    started = time.monotonic()
    sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + b"a" * 16384 + b"\r\n\r\n")
    try:
        status, _, _ = ResponseReader(sock).read()
        print("status", status)
    except (ConnectionError, ssl.SSLError, OSError) as e:
        print("no response:", e)
    return report_end(sock, started, within)


def action_endless(port, within):
    sock = tls_connect(port)
    started = time.monotonic()
    sent = 0
    sock.sendall(b"GET / HTTP/1.1\r\n")
    try:
        while time.monotonic() < started + within:
            sock.sendall(b"X-Endless: " + b"b" * 1000 + b"\r\n")
            sent += 1013
    except (ConnectionError, ssl.SSLError, OSError):
        print(f"closed by the server after {time.monotonic() - started:.2f} s and {sent} header bytes")
        return 0
    return report_end(sock, started, within)


def action_slow_headers(port, within):
    sock = tls_connect(port)
    started = time.monotonic()
    for byte in request_bytes() * 100:
        if closed_by_server(sock):
            print(f"closed by the server after {time.monotonic() - started:.2f} s")
            return 0
        if time.monotonic() > started + within:
            break
        try:
            sock.sendall(bytes([byte]))
        except (ConnectionError, ssl.SSLError, OSError):
            print(f"closed by the server after {time.monotonic() - started:.2f} s")
            return 0
        time.sleep(0.2)
    print(f"still open after {within} s")
    return 1


def action_reset(port, _within):
    sock = tls_connect(port)
    request = request_bytes()
    sock.sendall(request[: len(request) // 2])
    time.sleep(0.2)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
    print("reset sent")
    return 0


def action_flood(port, args):
    count, hold = int(args[0]), float(args[1])
    socks = []
    for _ in range(count):
        try:
            socks.append(socket.create_connection((HOST, port), timeout=10))
        except OSError as e:
            print("connect failed:", e)
            break
    deadline = time.monotonic() + hold
    closed = set()
    while time.monotonic() < deadline and len(closed) < len(socks):
        for i, sock in enumerate(socks):
            if i not in closed and closed_by_server(sock):
                closed.add(i)
    print(f"opened {len(socks)}, closed by the server {len(closed)}")
    for sock in socks:
        sock.close()
    return 0


TIMED_ACTIONS = {
    "garbage": action_garbage,
    "stall": action_stall,
    "oversized": action_oversized,
    "endless": action_endless,
    "slow-headers": action_slow_headers,
    "reset": action_reset,
}
ACTIONS = {"get": action_get, "pipeline": action_pipeline, "stat": action_stat, "flood": action_flood}


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    port, action, args = int(argv[1]), argv[2], argv[3:]
    if action in TIMED_ACTIONS:
        within = float(args[args.index("--within") + 1]) if "--within" in args else 5.0
        return TIMED_ACTIONS[action](port, within)
    if action in ACTIONS:
        return ACTIONS[action](port, args)
    print(f"peer.py: unknown action {action}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
