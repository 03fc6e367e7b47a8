#!/usr/bin/env python3
"""A Standard Webhooks receiver for Till's tests (Python standard library only).

Verifies every POST independently of Till's Swift code: the signature is
base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")), where the key is the base64-decoded
part after "whsec_" or, for a raw secret, its UTF-8 bytes. Usage:

  webhook_receiver.py --secret SECRET [--fail N]

prints its port (127.0.0.1, free port) as the first line on stdout and exits when stdin closes.

  POST <any path>   a webhook: 400 when headers are missing or the signature does not match; 500 while
                    failures remain (see --fail and /__fail); else 200. An id already accepted is answered 200
                    again and counted as a duplicate, as a deduplicating receiver would.
  POST /__fail      body {"count": N}: answer the next N valid webhooks with 500.
  GET  /__log       {"accepted": [ids in order], "duplicates": [ids], "rejected": n, "failed": n,
                     "attempts": [{"id", "timestamp", "status"}], "bodies": {id: body}}
"""
import argparse
import base64
import hashlib
import hmac
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def key_from(secret):
    if secret.startswith("whsec_"):
        return base64.b64decode(secret[len("whsec_"):])
    return secret.encode("utf-8")


class State:
    def __init__(self, key, fail):
        self.lock = threading.Lock()
        self.key = key
        self.fail_left = fail
        self.accepted = []
        self.duplicates = []
        self.rejected = 0
        self.failed = 0
        self.attempts = []
        self.bodies = {}

    def verify(self, msg_id, timestamp, signature_header, body):
        signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
        expected = base64.b64encode(hmac.new(self.key, signed, hashlib.sha256).digest()).decode()
        for candidate in signature_header.split(" "):
            version, _, value = candidate.partition(",")
            if version == "v1" and hmac.compare_digest(value, expected):
                return True
        return False

    def handle(self, headers, body):
        msg_id = headers.get("webhook-id")
        timestamp = headers.get("webhook-timestamp")
        signature = headers.get("webhook-signature")
        with self.lock:
            if not (msg_id and timestamp and signature and timestamp.isdigit()) \
                    or not self.verify(msg_id, timestamp, signature, body):
                self.rejected += 1
                self.attempts.append({"id": msg_id, "timestamp": timestamp, "status": 400})
                return 400, "bad signature"
            if self.fail_left > 0:
                self.fail_left -= 1
                self.failed += 1
                self.attempts.append({"id": msg_id, "timestamp": timestamp, "status": 500})
                return 500, "scripted failure"
            if msg_id in self.bodies:
                self.duplicates.append(msg_id)
            else:
                self.accepted.append(msg_id)
                self.bodies[msg_id] = body.decode("utf-8")
            self.attempts.append({"id": msg_id, "timestamp": timestamp, "status": 200})
            return 200, "ok"

    def log(self):
        with self.lock:
            return {"accepted": list(self.accepted), "duplicates": list(self.duplicates), "rejected": self.rejected,
                    "failed": self.failed, "attempts": list(self.attempts), "bodies": dict(self.bodies)}


STATE = None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, text, content_type="text/plain"):
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        if self.path == "/__log":
            self.reply(200, json.dumps(STATE.log()), "application/json")
        else:
            self.reply(404, "not found")

    def do_POST(self):
        body = self.read_body()
        if self.path == "/__fail":
            with STATE.lock:
                STATE.fail_left = int(json.loads(body or b"{}").get("count", 0))
            self.reply(200, "ok")
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        status, text = STATE.handle(headers, body)
        self.reply(status, text)


def main():
    global STATE
    parser = argparse.ArgumentParser()
    parser.add_argument("--secret", required=True)
    parser.add_argument("--fail", type=int, default=0)
    args = parser.parse_args()
    STATE = State(key_from(args.secret), args.fail)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # returns when the test process closes our stdin or dies
    server.shutdown()


if __name__ == "__main__":
    main()
