#!/usr/bin/env python3
"""A scriptable HTTP server for Till's tests (Python standard library only).

Started by `FixtureHTTPServer` (Sources/TillTestSupport). It binds 127.0.0.1 on a free port and prints that
port as its first line on stdout. Tests script it at runtime:

  POST /__script    {"method": "GET", "path": "/blocks/tip/height", "match": "exact" | "prefix", "body_contains": "",
                     "responses": [{"status": 200, "headers": {...}, "body": "...", "delay_ms": 0,
                                    "drop": false, "drip_ms": 0, "repeat": 1}]}
                    drip_ms sends the body one byte at a time that many ms apart; repeat streams the body
                    that many times over (Content-Length says the whole size, unless "length": false),
                    for huge answers.
                    Responses are played in order; the last one repeats. With body_contains the route
                    matches only requests whose body contains that text (a JSON-RPC method name). A later script for the same
                    method, path and match replaces the earlier one. Exact paths match the request target
                    with or without its query string; prefixes match the start of the full target.
  GET  /__requests  the log of requests received so far (control requests excluded), oldest first:
                    [{"method", "path" (full target), "headers" {lower-cased names}, "body"}]
  POST /__reset     forgets every script and the request log.

An unscripted request gets 404 with a body naming it. The server exits when its stdin closes, so it never
outlives the test process that started it.
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.routes = {}  # (method, path, match) -> {"responses": [...], "played": int}
        self.log = []

    def script(self, spec):
        method = spec.get("method", "GET").upper()
        path = spec["path"]
        match = spec.get("match", "exact")
        if match not in ("exact", "prefix"):
            raise ValueError("match must be exact or prefix")
        responses = spec.get("responses") or []
        if not responses:
            raise ValueError("responses must not be empty")
        body = spec.get("body_contains") or ""
        with self.lock:
            self.routes[(method, path, match, body)] = {"responses": responses, "played": 0}

    def reset(self):
        with self.lock:
            self.routes.clear()
            self.log.clear()

    def next_response(self, method, target, body=""):
        """Routes whose body_contains is in the request body win (longest first); then exact routes win over
        prefixes; among prefixes the longest wins."""
        path_only = target.split("?", 1)[0]
        with self.lock:
            bodied = [(len(b), r) for (m, p, kind, b), r in self.routes.items()
                      if b and m == method and b in body
                      and (p in (target, path_only) if kind == "exact" else target.startswith(p))]
            route = max(bodied, key=lambda item: item[0])[1] if bodied else None
            route = route or self.routes.get((method, target, "exact", "")) or self.routes.get((method, path_only, "exact", ""))
            if route is None:
                prefixes = [(len(p), r) for (m, p, kind, b), r in self.routes.items()
                            if not b and m == method and kind == "prefix" and target.startswith(p)]
                if prefixes:
                    route = max(prefixes, key=lambda item: item[0])[1]
            if route is None:
                return None
            responses = route["responses"]
            index = min(route["played"], len(responses) - 1)
            route["played"] += 1
            return responses[index]

    def record(self, entry):
        with self.lock:
            self.log.append(entry)

    def requests(self):
        with self.lock:
            return list(self.log)


STATE = State()


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.0: one request per connection, so a delayed or dropped response never stalls another request.
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):  # keep the test output quiet
        pass

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status, body, headers=None, content_type="application/json"):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        names = {name.lower() for name in (headers or {})}
        if "content-type" not in names:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, response, drip_ms, repeat):
        data = response.get("body", "").encode("utf-8")
        self.send_response(response.get("status", 200))
        headers = response.get("headers") or {}
        if "content-type" not in {name.lower() for name in headers}:
            self.send_header("Content-Type", "application/json")
        for name, value in headers.items():
            self.send_header(name, str(value))
        if response.get("length", True):
            self.send_header("Content-Length", str(len(data) * repeat))
        self.end_headers()
        for _ in range(repeat):
            if drip_ms:
                for index in range(len(data)):
                    self.wfile.write(data[index:index + 1])
                    self.wfile.flush()
                    time.sleep(drip_ms / 1000.0)
            else:
                self.wfile.write(data)

    def _control(self, method, body):
        if method == "POST" and self.path == "/__script":
            try:
                STATE.script(json.loads(body or b"{}"))
            except (ValueError, KeyError, TypeError) as error:
                self._send(400, json.dumps({"error": str(error)}))
                return
            self._send(200, "{}")
        elif method == "GET" and self.path == "/__requests":
            self._send(200, json.dumps(STATE.requests()))
        elif method == "POST" and self.path == "/__reset":
            STATE.reset()
            self._send(200, "{}")
        else:
            self._send(404, json.dumps({"error": "unknown control endpoint " + self.path}))

    def _handle(self, method):
        body = self._body()
        if self.path.startswith("/__"):
            self._control(method, body)
            return
        STATE.record({
            "method": method,
            "path": self.path,
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "body": body.decode("utf-8", errors="replace"),
        })
        response = STATE.next_response(method, self.path, body.decode("utf-8", errors="replace"))
        if response is None:
            self._send(404, "no script for %s %s" % (method, self.path), content_type="text/plain")
            return
        delay = response.get("delay_ms", 0)
        if delay:
            time.sleep(delay / 1000.0)
        if response.get("drop"):
            # Close without a response: the client sees a broken connection.
            self.close_connection = True
            return
        try:
            drip = response.get("drip_ms", 0)
            repeat = max(int(response.get("repeat", 1)), 1)
            if drip or repeat > 1:
                self._stream(response, drip, repeat)
            else:
                self._send(response.get("status", 200), response.get("body", ""), response.get("headers"))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to do

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PUT(self):
        self._handle("PUT")

    def do_DELETE(self):
        self._handle("DELETE")


def exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
