#!/usr/bin/env python3
"""A stand-in for nginx-webhook.conf when nginx is not installed: the same answers on 127.0.0.1:18099.

GET/POST /answer -> 200 with the NCCO that connects to the UAS on 127.0.0.1:15090 (header X-Route: bench);
POST /event -> 204. HTTP/1.1 keep-alive, one thread per connection. Good for the smoke run (tens of calls per
second); for load steps install nginx-light, as bench/load.sh says when it falls back to this.
Usage: answer_server.py [PORT]
"""
import http.server
import sys

NCCO = b'[{"action":"connect","endpoint":[{"type":"sip","uri":"sip:bob@127.0.0.1:15090","headers":{"X-Route":"bench"}}]}]'


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        if self.path.startswith("/answer"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(NCCO)))
            self.end_headers()
            self.wfile.write(NCCO)
        else:
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

    do_GET = _answer
    do_POST = _answer

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 18099
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
