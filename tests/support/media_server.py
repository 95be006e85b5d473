"""A tiny HTTP media server for the player tests: byte ranges, 403s and broken links.

It serves the files of one folder like the reference server serves signed media
(API.md: GET and HEAD with byte ranges, 206, `Accept-Ranges: bytes`), under a path that
says how to misbehave:

- `/ok/NAME`: plain service.
- `/forbidden/NAME`: 403 with the API's error shape (`bad_signature`), as for an
  expired signed URL.
- `/cut/NAME`: sent at `cut_rate` bytes a second (a slow link, so that players cannot
  read it all before they start); the first response stops after `cut_at` of the
  file's bytes and the connection is closed; from then on every connection is dropped
  unanswered, as when the link goes down midway.
- `/stall/NAME`: like `cut`, but the connection stays open and silent at the cut, and
  every later connection is accepted and never answered: a link that hangs.
"""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class MediaServer:
    def __init__(self, root: Path, *, cut_at: float = 0.5, cut_rate: int = 200_000) -> None:
        self.root = root
        self.cut_at = cut_at
        self.cut_rate = cut_rate
        self.link_down = threading.Event()
        self._stopping = threading.Event()
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, Range)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep the test output clean

            def do_HEAD(self) -> None:
                server._serve(self, body=False)

            def do_GET(self) -> None:
                server._serve(self, body=True)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        # A dropped link makes the handler's own clean-up fail; that is the point.
        self._httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, mode: str, name: str) -> str:
        return f"{self.base_url}/{mode}/{name}"

    def start(self) -> "MediaServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # lets the hanging `stall` handlers go
        self._httpd.shutdown()
        self._httpd.server_close()

    # ------------------------------------------------------------------ serving

    def _serve(self, handler: BaseHTTPRequestHandler, *, body: bool) -> None:
        range_header = handler.headers.get("Range")
        self.requests.append((handler.command, handler.path, range_header))
        _, mode, name = handler.path.split("/", 2)
        if mode in ("cut", "stall") and self.link_down.is_set():
            if mode == "stall":
                self._stopping.wait()  # accepted, never answered
            handler.close_connection = True
            handler.connection.close()  # the link is down: no answer at all
            return
        if mode == "forbidden":
            self._send_error(handler, 403, "bad_signature", "链接签名无效或已过期")
            return
        path = self.root / name
        if mode not in ("ok", "cut", "stall") or not path.is_file():
            self._send_error(handler, 404, "not_found", "没有这个文件")
            return
        data = path.read_bytes()
        start, end = 0, len(data) - 1
        status = 200
        match = _RANGE.fullmatch(range_header or "")
        if match and (match.group(1) or match.group(2)):
            if match.group(1):
                start = int(match.group(1))
                end = int(match.group(2)) if match.group(2) else end
            else:  # a suffix range: the last N bytes
                start = max(len(data) - int(match.group(2)), 0)
            end = min(end, len(data) - 1)
            if start > end:
                handler.send_response(416)
                handler.send_header("Content-Range", f"bytes */{len(data)}")
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            status = 206
        handler.send_response(status)
        handler.send_header("Content-Type", "video/mp4")
        handler.send_header("Accept-Ranges", "bytes")
        handler.send_header("Content-Length", str(end - start + 1))
        if status == 206:
            handler.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        handler.end_headers()
        if not body:
            return
        chunk = data[start : end + 1]
        if mode == "ok":
            handler.wfile.write(chunk)
            return
        keep = max(int(len(data) * self.cut_at) - start, 0)
        piece = max(self.cut_rate // 20, 1)
        for offset in range(0, min(keep, len(chunk)), piece):
            handler.wfile.write(chunk[offset : min(offset + piece, keep)])
            handler.wfile.flush()
            time.sleep(piece / self.cut_rate)
        if keep < len(chunk):
            self.link_down.set()
            if mode == "stall":
                self._stopping.wait()
            handler.close_connection = True
            handler.connection.close()

    @staticmethod
    def _send_error(handler: BaseHTTPRequestHandler, status: int, code: str, message: str) -> None:
        payload = json.dumps({"error": {"code": code, "message": message}}).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)
