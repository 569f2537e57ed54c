#!/usr/bin/env python3
"""http_profiles: a tiny HTTP server for tests/console/fetch_http.sh.

Usage: http_profiles.py PROFILES_DIR LOG_FILE PORT_FILE

Listens on 127.0.0.1 at a free port (written to PORT_FILE once listening),
logs each request's path and query to LOG_FILE, and answers as a Go program
with net/http/pprof would:
  /debug/pprof/profile     PROFILES_DIR/cpu.pb.gz
  /debug/pprof/NAME        PROFILES_DIR/NAME.pb.gz (heap, ...)
  /debug/pprof/badseconds  400 with Go's X-Go-Pprof text ("bad seconds")
  /debug/pprof/slow        headers only after 30 seconds (timeouts)
  anything else            404 Not Found, plain
"""
import http.server
import os
import sys
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, code, body, ctype, extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with open(LOG, "a") as f:
            f.write(self.path + "\n")
        path = self.path.split("?", 1)[0]
        prefix = "/debug/pprof/"
        name = path[len(prefix):] if path.startswith(prefix) else ""
        if name == "badseconds":
            self.reply(400, b"bad seconds\n", "text/plain; charset=utf-8",
                       [("X-Go-Pprof", "1")])
            return
        if name == "slow":
            time.sleep(30)
        if name == "profile":
            name = "cpu"
        file = os.path.join(DIR, name + ".pb.gz")
        if name and "/" not in name and os.path.isfile(file):
            with open(file, "rb") as f:
                self.reply(200, f.read(), "application/octet-stream",
                           [("Content-Disposition",
                             'attachment; filename="%s"' % name)])
            return
        self.reply(404, b"404 page not found\n", "text/plain; charset=utf-8")


DIR, LOG, PORT_FILE = sys.argv[1], sys.argv[2], sys.argv[3]
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(PORT_FILE + ".tmp", "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
