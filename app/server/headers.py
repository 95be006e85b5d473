"""Security headers on every answer: no MIME sniffing, no framing, no referrer; no caching
of anything but static files (the API and the console carry personal data); and a strict
Content-Security-Policy for the console's pages (its own files only, no inline script)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONSOLE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
_ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
# Static files and the lesson videos may be cached (signed media URLs expire anyway).
_CACHEABLE = ("/console/static/", "/media/")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _ALWAYS.items():
                    headers.setdefault(name, value)
                if not path.startswith(_CACHEABLE):
                    headers["Cache-Control"] = "no-store"
                if path.startswith("/console") and "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = CONSOLE_CSP
            await send(message)

        await self.app(scope, receive, with_headers)
