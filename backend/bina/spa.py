"""Serve the built SPA (frontend/dist) at `/`: real files as they are, every other page path gets
index.html so deep links survive a reload; /api stays the API's, with problem+json 404s.

It is not a route: a GET that no route matched (the router's 404) is answered from the build
instead. So no route is ever shadowed, whenever it is added, and 405s and slash redirects stay."""

from __future__ import annotations

import functools
import gzip
import mimetypes
from pathlib import Path

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import FileResponse, Response

DEFAULT_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
# Paths the SPA never answers for: they belong to the API side.
RESERVED = ("api", "docs", "healthz", "readyz", "metrics")
# Mantine writes <style> elements at run time, hence 'unsafe-inline' for styles only; no inline
# script runs, so an injected <script> is refused and cannot read the tokens in memory.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
# Vite puts a content hash in every file name under assets/: they never change.
ASSET_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}


# Text files worth compressing; below MIN_GZIP bytes the gzip header costs more than it saves.
COMPRESSIBLE = frozenset({".js", ".css", ".html", ".svg", ".json", ".txt", ".map"})
MIN_GZIP = 1024


@functools.lru_cache(maxsize=256)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    # Keyed by modification time too, so a rebuilt file is never served stale. A phone on a
    # weak signal downloads a third of the JavaScript it would uncompressed.
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


def _file(path: Path, headers: dict[str, str], accepts_gzip: bool) -> Response:
    stat = path.stat()
    if accepts_gzip and path.suffix in COMPRESSIBLE and stat.st_size >= MIN_GZIP:
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Response(
            _gzipped(path, stat.st_mtime_ns),
            media_type=media_type,
            headers={**headers, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"},
        )
    return FileResponse(path, headers={**headers, "Vary": "Accept-Encoding"}, stat_result=stat)


def _from_build(root: Path, path: str, accepts_gzip: bool) -> Response | None:
    """The file at `path`, index.html for a page path, or None (the 404 stands)."""
    path = path.lstrip("/")
    if path.split("/", 1)[0] in RESERVED:
        return None
    if path:
        candidate = (root / path).resolve()
        if candidate.is_file() and candidate.is_relative_to(root):
            headers = ASSET_HEADERS if path.startswith("assets/") else PAGE_HEADERS
            return _file(candidate, headers, accepts_gzip)
        if path.startswith("assets/"):
            return None  # a missing bundle is an error, not a page
    return _file(root / "index.html", PAGE_HEADERS, accepts_gzip)


def mount_spa(app: FastAPI, dist: Path | None) -> bool:
    """Answer unrouted GETs from the build, if there is one; call after install_error_handlers.

    Returns whether the SPA is served."""
    root = (dist or DEFAULT_DIST).resolve()
    if not (root / "index.html").is_file():
        return False
    problem = app.exception_handlers[StarletteHTTPException]

    async def spa_or_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        # No "endpoint" in the scope: the router found no route (an endpoint's own 404 keeps it).
        unrouted = exc.status_code == 404 and "endpoint" not in request.scope
        if unrouted and request.method in ("GET", "HEAD"):
            accepts_gzip = "gzip" in request.headers.get("accept-encoding", "")
            response = _from_build(root, request.url.path, accepts_gzip)
            if response is not None:
                return response
        result = problem(request, exc)
        assert not isinstance(result, Response)
        return await result

    app.add_exception_handler(StarletteHTTPException, spa_or_problem)
    return True
