#!/usr/bin/env python3
"""fake_server.py MODE UPSTREAM PORTFILE LOG: a loopback HTTP responder for
the faults a real server shows only by chance. Every request is written to LOG
(path and Authorization header). MODE:
  503-once   the first request gets a 503, the rest are passed to UPSTREAM
  cut-short  every answer promises 1000 bytes and sends 100
  stop-after-one  the first request is passed to UPSTREAM, then the server stops
  proxy      every request is passed to UPSTREAM
"""
import http.server
import sys
import threading
import urllib.request

mode, upstream, port_file, log_path = sys.argv[1:5]
state = {"n": 0}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body):
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        state["n"] += 1
        with open(log_path, "a") as log:
            log.write("%s %s\n" % (self.path, self.headers.get("Authorization", "-")))
        if mode == "503-once" and state["n"] == 1:
            self.send(503, b'{"status":"error","errorType":"unavailable","error":"overloaded"}')
            return
        if mode == "cut-short":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"status":"success","data":{"resultType":"matrix","result":[' + b" " * 40)
            self.wfile.flush()
            self.close_connection = True
            return
        with urllib.request.urlopen(upstream + self.path, timeout=30) as r:
            body = r.read()
        self.send(200, body)
        if mode == "stop-after-one":
            threading.Thread(target=self.server.shutdown).start()


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
server.server_close()
