"""Serve the built SPA (frontend/dist) at `/`: real files as they are, every other page path gets
index.html so deep links survive a reload; /api stays the API's, with problem+json 404s.

It is not a route: a GET that no route matched (the router's 404) is answered from the build
instead. So no route is ever shadowed, whenever it is added, and 405s and slash redirects stay."""

from __future__ import annotations

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


def _from_build(root: Path, path: str) -> Response | None:
    """The file at `path`, index.html for a page path, or None (the 404 stands)."""
    path = path.lstrip("/")
    if path.split("/", 1)[0] in RESERVED:
        return None
    if path:
        candidate = (root / path).resolve()
        if candidate.is_file() and candidate.is_relative_to(root):
            headers = ASSET_HEADERS if path.startswith("assets/") else PAGE_HEADERS
            return FileResponse(candidate, headers=headers)
        if path.startswith("assets/"):
            return None  # a missing bundle is an error, not a page
    return FileResponse(root / "index.html", headers=PAGE_HEADERS)


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
            response = _from_build(root, request.url.path)
            if response is not None:
                return response
        result = problem(request, exc)
        assert not isinstance(result, Response)
        return await result

    app.add_exception_handler(StarletteHTTPException, spa_or_problem)
    return True
