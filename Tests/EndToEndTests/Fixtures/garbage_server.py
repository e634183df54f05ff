#!/usr/bin/env python3
"""A loopback HTTP server that answers every request with 100 MB of garbage, or never answers.

    garbage_server.py --port-file FILE --log FILE [--silent]

Every request gets HTTP 200 and a body of 100 MiB of random bytes, streamed without a
Content-Length (so the client can only stop by hanging up); the bytes actually sent before the
client hung up are logged to --log, one line per request. With --silent the server reads each
request and never answers. The port it listens on goes to --port-file.
"""
import argparse
import http.server
import os
import socketserver
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--silent", action="store_true")
args = parser.parse_args()

TOTAL = 100 * 1024 * 1024
CHUNK = os.urandom(64 * 1024)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if args.silent:
            time.sleep(3600)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.end_headers()
        sent = 0
        try:
            while sent < TOTAL:
                self.wfile.write(CHUNK)
                sent += len(CHUNK)
        except (BrokenPipeError, ConnectionResetError):
            pass
        with open(args.log, "a") as log:
            log.write(f"{self.command} {self.path} sent {sent}\n")

    do_GET = answer
    do_POST = answer
    do_PUT = answer

    def log_message(self, *_):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(args.port_file + ".tmp", args.port_file)
server.serve_forever()
