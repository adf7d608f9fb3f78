"""The built SPA is served at `/`: files as they are, deep links get index.html, the API keeps
its own problem+json answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from bina.config import Settings
from bina.main import create_app

INDEX = "<!doctype html><title>Bina</title><div id=root></div>"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log('bina')")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path.parent / "secret.txt").write_text("outside the dist folder")
    return tmp_path


def _app(spa_dir: Path) -> FastAPI:
    # No request here reaches the database; the file only lets the app start.
    url = f"sqlite+aiosqlite:///{spa_dir.parent / 'unused.db'}"
    return create_app(Settings(spa_dir=spa_dir, database_url=url))


@pytest.fixture
async def client(dist: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = _app(dist)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


class TestServesTheApp:
    async def test_root_is_index_with_a_script_policy(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/")
        assert r.status_code == 200
        assert r.text == INDEX
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["cache-control"] == "no-cache"

    @pytest.mark.parametrize("path", ["/households", "/households/4f0c/edit", "/admin/users?x=1"])
    async def test_deep_link_reload_gets_index(self, client: httpx.AsyncClient, path: str) -> None:
        r = await client.get(path)
        assert r.status_code == 200
        assert r.text == INDEX

    async def test_hashed_assets_are_cached_forever(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/assets/index-abc123.js")
        assert r.status_code == 200
        assert "immutable" in r.headers["cache-control"]

    async def test_a_bundle_is_sent_gzipped_to_a_browser_that_accepts_it(
        self, client: httpx.AsyncClient, dist: Path
    ) -> None:
        bundle = "export const pesan = 'Selamat datang di Bina';\n" * 200
        (dist / "assets" / "app-def456.js").write_text(bundle)
        zipped = await client.get("/assets/app-def456.js", headers={"Accept-Encoding": "gzip"})
        assert zipped.status_code == 200
        assert zipped.headers["content-encoding"] == "gzip"
        assert int(zipped.headers["content-length"]) < len(bundle) / 5
        assert zipped.text == bundle  # httpx decodes it: the same file arrives
        assert "javascript" in zipped.headers["content-type"]
        assert "immutable" in zipped.headers["cache-control"]
        plain = await client.get("/assets/app-def456.js", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert plain.text == bundle
        assert "accept-encoding" in plain.headers["vary"].lower()

    async def test_missing_asset_is_404_not_the_page(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/assets/gone-000.js")
        assert r.status_code == 404

    async def test_public_file(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/favicon.svg")
        assert r.status_code == 200
        assert r.text == "<svg/>"

    async def test_no_escape_from_the_dist_folder(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/..%2Fsecret.txt")
        assert "outside" not in r.text


class TestApiKeepsItsAnswers:
    async def test_unknown_api_path_is_problem_json_404(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/api/v1/unknown")
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["status"] == 404

    async def test_wrong_method_on_api_path_is_405(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/api/v1/auth/token")
        assert r.status_code == 405
        assert "POST" in r.headers["allow"]

    async def test_health_and_docs_still_answer(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        assert (await client.get("/docs")).status_code == 200
        assert (await client.get("/api/v1/openapi.json")).json()["info"]["title"] == "Bina API"

    async def test_api_still_needs_a_token(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/api/v1/households")
        assert r.status_code == 401


async def test_without_a_build_nothing_is_served(tmp_path: Path) -> None:
    transport = httpx.ASGITransport(app=_app(tmp_path / "missing"))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        r = await c.get("/households")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


async def test_a_route_added_later_is_not_shadowed(dist: Path) -> None:
    app = _app(dist)

    async def late() -> dict[str, str]:
        return {"late": "yes"}

    app.add_api_route("/api/v1/late", late, methods=["GET"])
    app.add_api_route("/late-page", late, methods=["GET"])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        assert (await c.get("/api/v1/late")).json() == {"late": "yes"}
        assert (await c.get("/late-page")).json() == {"late": "yes"}
