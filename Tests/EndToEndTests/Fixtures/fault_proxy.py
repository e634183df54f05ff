#!/usr/bin/env python3
"""A loopback HTTP proxy in front of moto_server that breaks calls the way the network and AWS do.

    fault_proxy.py --upstream http://127.0.0.1:PORT --port-file FILE [--fault-rate 0.3] [--seed N]
                   [--hang-before ACTION:N --marker FILE] [--log FILE]

It forwards every request unchanged (the Host header too, so SigV4 signatures still verify) and,
for a `--fault-rate` share of them, chosen by a seeded generator, does one of these, in turn:
  throttle   answer HTTP 400 Throttling "Rate exceeded" without forwarding;
  unavailable answer HTTP 503 ServiceUnavailable without forwarding;
  drop       close the connection without forwarding (a reset before the request arrived);
  lose       forward, let moto apply it, then close the connection (the answer is lost).
With `--hang-before ACTION:N` the N-th request of ACTION (1-based) is never answered: the proxy
writes `--marker` and holds the connection, so a test can kill the client mid-push. The port it
listens on goes to `--port-file`; every fault is logged to `--log`, one line each.
"""
import argparse
import http.client
import http.server
import random
import socketserver
import threading
import time
import urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("--upstream", required=True)
parser.add_argument("--port-file", required=True)
parser.add_argument("--fault-rate", type=float, default=0.0)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--hang-before", default=None)
parser.add_argument("--marker", default=None)
parser.add_argument("--log", default=None)
args = parser.parse_args()

upstream = urllib.parse.urlparse(args.upstream)
rng = random.Random(args.seed)
lock = threading.Lock()
counts = {}
faults = []
KINDS = ["throttle", "unavailable", "drop", "lose"]
hang_action, hang_n = (args.hang_before.split(":")[0], int(args.hang_before.split(":")[1])) if args.hang_before else (None, 0)


def log(line):
    if args.log:
        with lock, open(args.log, "a") as f:
            f.write(line + "\n")


ERROR = ('<ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>{type}</Type>'
         '<Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>')


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_POST(self):
        self.forward("POST")

    def do_GET(self):
        self.forward("GET")

    def do_PUT(self):
        self.forward("PUT")

    def do_DELETE(self):
        self.forward("DELETE")

    def forward(self, method):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        # Query calls (Auto Scaling) name their action in the form body; REST-JSON ones
        # (EventBridge Scheduler) by method and path: "GET /schedules", "POST /schedules".
        rest = "x-www-form-urlencoded" not in self.headers.get("Content-Type", "")
        if rest:
            action = f"{method} /" + self.path.lstrip("/").split("/")[0].split("?")[0]
        else:
            action = urllib.parse.parse_qs(body.decode()).get("Action", ["?"])[0]
        with lock:
            counts[action] = counts.get(action, 0) + 1
            n = counts[action]
            # Which calls fail is random (seeded); the kinds take turns, so every kind occurs.
            fault = KINDS[len(faults) % len(KINDS)] if rng.random() < args.fault_rate else None
            if fault:
                faults.append(fault)
        if action == hang_action and n == hang_n:
            log(f"hang {action} #{n}")
            if args.marker:
                open(args.marker, "w").write(f"{action} #{n}\n")
            time.sleep(3600)
            return
        if fault:
            log(f"{fault} {action} #{n}")
        if fault == "throttle":
            if rest:
                return self.answer_json(400, "ThrottlingException", "Rate exceeded")
            return self.answer(400, ERROR.format(type="Sender", code="Throttling", message="Rate exceeded"))
        if fault == "unavailable":
            if rest:
                return self.answer_json(503, "ServiceUnavailableException", "try again")
            return self.answer(503, ERROR.format(type="Receiver", code="ServiceUnavailable", message="try again"))
        if fault == "drop":
            self.close_connection = True
            self.connection.close()
            return
        conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
        conn.putrequest(method, self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in self.headers.items():
            conn.putheader(name, value)
        conn.endheaders(body if body else None)
        answer = conn.getresponse()
        data = answer.read()
        if fault == "lose":
            self.close_connection = True
            self.connection.close()
            return
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def answer_json(self, status, error_type, message):
        data = ('{"Message": "%s"}' % message).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-amzn-ErrorType", error_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def answer(self, status, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402

os.rename(args.port_file + ".tmp", args.port_file)
server.serve_forever()
