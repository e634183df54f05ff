#!/usr/bin/env python3
"""A canned HTTP peer for the AWS client tests: stands in for IMDS, the ECS credential
endpoint and STS on loopback.

Usage: fake_metadata_server.py CONFIG.json

CONFIG.json:
  {"log": "/path/requests.jsonl",
   "routes": [{"method": "PUT", "path": "/latest/api/token",
               "responses": [{"status": 200, "headers": {"X": "y"}, "body": "token",
                              "delay": 0, "close": false}]}]}

With "tls": {"cert": PEM, "key": PEM} it speaks https instead; with "reset_handshakes": N in
"tls", the first N connections are reset (TCP RST) during the TLS handshake, after the client's
hello, as a network that breaks handshakes off does.
A route matches the method and the request target exactly (for a request sent through a
proxy the target is the absolute URL). Its responses are used in turn; the last one repeats.
"delay" sleeps that many seconds before answering; "close" drops the connection without an
answer; "no_length" sends the body without Content-Length, ended by closing the connection;
"repeat" sends the body that many times. Unmatched requests get 404. Each request is appended to the log as one JSON line
({"method", "path", "headers": [[name, value]...], "body"}) before it is answered.
Prints the port it listens on (127.0.0.1, chosen by the OS) as the first line of stdout.
Exits when its stdin closes (the test process ended or dropped it), on SIGTERM, or after
"lifetime" seconds (default 120), so a crashed test never leaves it behind.
"""
import json
import os
import signal
import socket
import ssl
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A parent may start us with signals blocked (Foundation's Process does); SIGTERM must work.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
signal.signal(signal.SIGTERM, signal.SIG_DFL)

config = json.load(open(sys.argv[1]))
routes = config.get("routes", [])
log_path = config.get("log")
lock = threading.Lock()
counts = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep stderr quiet
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with lock:
            if log_path:
                with open(log_path, "a") as log:
                    log.write(json.dumps({
                        "method": self.command,
                        "path": self.path,
                        "headers": [[k, v] for k, v in self.headers.items()],
                        "body": body.decode("utf-8", "replace"),
                    }) + "\n")
            route = next((r for r in routes
                          if r["method"] == self.command and r["path"] == self.path), None)
            response = None
            if route is not None:
                key = (self.command, self.path)
                index = counts.get(key, 0)
                counts[key] = index + 1
                answers = route["responses"]
                response = answers[min(index, len(answers) - 1)]
        if response is None:
            response = {"status": 404, "body": "no route for %s %s" % (self.command, self.path)}
        if response.get("delay"):
            time.sleep(response["delay"])
        if response.get("close"):
            self.close_connection = True
            return
        payload = response.get("body", "").encode("utf-8") * response.get("repeat", 1)
        self.send_response(response.get("status", 200))
        for name, value in response.get("headers", {}).items():
            self.send_header(name, value)
        if not response.get("no_length"):
            self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(payload)
            except OSError:
                pass  # the client stopped reading (a body over its limit)
        self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


def exit_when_stdin_closes():
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


def exit_after_lifetime():
    time.sleep(config.get("lifetime", 120))
    os._exit(0)


threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
threading.Thread(target=exit_after_lifetime, daemon=True).start()

class Server(ThreadingHTTPServer):
    daemon_threads = True
    context = None
    resets_left = 0

    def get_request(self):
        sock, address = self.socket.accept()
        if self.context is None:
            return sock, address
        if self.resets_left > 0:
            self.resets_left -= 1
            sock.settimeout(5)
            sock.recv(4096)  # the ClientHello
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
            raise OSError("TLS handshake reset on purpose")  # socketserver drops the connection
        sock.settimeout(10)
        tls = self.context.wrap_socket(sock, server_side=True)
        tls.settimeout(None)
        return tls, address


server = Server(("127.0.0.1", 0), Handler)
if config.get("tls"):
    server.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.context.load_cert_chain(config["tls"]["cert"], config["tls"]["key"])
    server.resets_left = config["tls"].get("reset_handshakes", 0)
print(server.server_address[1], flush=True)
server.serve_forever()
