#!/usr/bin/env python3
"""A loopback forward proxy for the proxy tests, in front of moto_server, that logs what it was asked.

    connect_proxy.py --upstream http://127.0.0.1:PORT --port-file FILE --log FILE --cert PEM --key PEM

It plays both halves of a proxied call, so the client can name a host that exists nowhere
(autoscaling.proxy-test.invalid): if the proxy were bypassed, the name would not even resolve.
  CONNECT host:443  answers "200 Connection established", then speaks TLS on the tunnel as the
                    target host would, with --cert (issued to that name, trusted by the test
                    through AWS_CA_BUNDLE), and relays the decrypted bytes to --upstream.
  GET/POST http://host/path (an absolute-form request, what http_proxy gets)
                    rewrites the request line to origin-form and relays the connection to --upstream.
The Host header is never touched, so SigV4 signatures still verify. Each request line it was
sent goes to --log ("CONNECT autoscaling.proxy-test.invalid:443", "POST http://…/"). The port it
listens on (127.0.0.1, chosen by the OS) goes to --port-file. It exits when its stdin closes.
"""
import argparse
import os
import socket
import ssl
import sys
import threading
import urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("--upstream", required=True)
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--cert", required=True)
parser.add_argument("--key", required=True)
args = parser.parse_args()

upstream = urllib.parse.urlparse(args.upstream)
lock = threading.Lock()
tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
tls.load_cert_chain(args.cert, args.key)


def log(line):
    with lock, open(args.log, "a") as f:
        f.write(line + "\n")


def read_head(sock):
    """The bytes up to and including the blank line ending the request head, and what followed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None, b""
        data += chunk
    end = data.index(b"\r\n\r\n") + 4
    return data[:end], data[end:]


def pump(source, target):
    try:
        while True:
            chunk = source.recv(65536)
            if not chunk:
                break
            target.sendall(chunk)
    except OSError:
        pass
    finally:
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def relay(client, first_bytes):
    server = socket.create_connection((upstream.hostname, upstream.port), timeout=60)
    server.settimeout(None)
    server.sendall(first_bytes)
    back = threading.Thread(target=pump, args=(server, client), daemon=True)
    back.start()
    pump(client, server)
    back.join(60)
    server.close()


def handle(client):
    try:
        head, rest = read_head(client)
        if head is None:
            return
        request_line, _, headers = head.partition(b"\r\n")
        method, target, version = request_line.decode("latin-1").split(" ", 2)
        log(f"{method} {target}")
        if method == "CONNECT":
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            tunnel = tls.wrap_socket(client, server_side=True)
            relay(tunnel, b"")
            return
        parsed = urllib.parse.urlsplit(target)
        origin = (parsed.path or "/") + (f"?{parsed.query}" if parsed.query else "")
        relay(client, f"{method} {origin} {version}\r\n".encode("latin-1") + headers + rest)
    except (OSError, ValueError) as error:
        log(f"error {error}")
    finally:
        client.close()


def exit_when_stdin_closes():
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(listener.getsockname()[1]))
os.rename(args.port_file + ".tmp", args.port_file)
while True:
    connection, _ = listener.accept()
    threading.Thread(target=handle, args=(connection,), daemon=True).start()
