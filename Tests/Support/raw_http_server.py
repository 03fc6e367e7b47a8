#!/usr/bin/env python3
"""A hostile HTTP server for Till's HTTP client tests (Python standard library only).

Started by `RawHTTPServer` (Sources/TillTestSupport). It binds a free port on --host (127.0.0.1 unless given, `::1`
for IPv6) and prints the port as its first line. Every connection is answered the same way: the request (head and
Content-Length body) is read, the bytes of --response are written exactly as they are (a broken chunk size, a body
shorter than its Content-Length, anything), and the connection is closed. With --tls CERT KEY the socket speaks
TLS with that certificate. The server exits when its stdin closes.
"""
import argparse
import socket
import ssl
import threading

from fixture_http_server import exit_when_stdin_closes  # one watchdog: exit when the test process goes away


def serve(connection, response):
    try:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            chunk = connection.recv(65536)
            if not chunk:
                break
            rest += chunk
        connection.sendall(response)
    except (OSError, ssl.SSLError):
        pass  # the client gave up or refused our certificate: nothing to do
    finally:
        try:
            connection.close()
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--response", required=True)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    arguments = parser.parse_args()
    with open(arguments.response, "rb") as file:
        response = file.read()
    family = socket.AF_INET6 if ":" in arguments.host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((arguments.host, 0))
    listener.listen(16)
    context = None
    if arguments.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*arguments.tls)
    print(listener.getsockname()[1], flush=True)

    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    while True:
        connection, _ = listener.accept()
        if context is not None:
            try:
                connection = context.wrap_socket(connection, server_side=True)
            except (OSError, ssl.SSLError):
                connection.close()
                continue
        threading.Thread(target=serve, args=(connection, response), daemon=True).start()


if __name__ == "__main__":
    main()
