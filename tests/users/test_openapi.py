"""The OpenAPI document describes /users fully: every error status, and a write-only password."""

from __future__ import annotations

import httpx
import pytest

EXPECTED = {
    ("/api/v1/users", "get"): {"400", "401", "403", "422"},
    ("/api/v1/users", "post"): {"401", "403", "409", "413", "422"},
    ("/api/v1/users/{user_id}", "get"): {"401", "403", "404", "422"},
    ("/api/v1/users/{user_id}", "patch"): {"401", "403", "404", "409", "412", "422", "428"},
    ("/api/v1/users/{user_id}", "delete"): {"401", "403", "404", "409", "412", "422", "428"},
    ("/api/v1/auth/password", "post"): {"401", "422", "429"},
}


@pytest.fixture
async def openapi(client: httpx.AsyncClient) -> dict[str, object]:
    r = await client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    document: dict[str, object] = r.json()
    return document


class TestUsersOpenApi:
    async def test_every_error_status_is_documented_as_problem_json(
        self,
        openapi: dict[str, dict[str, dict[str, dict[str, object]]]],
        subtests: pytest.Subtests,
    ) -> None:
        for (path, method), codes in EXPECTED.items():
            with subtests.test(path=path, method=method):
                responses = openapi["paths"][path][method]["responses"]
                assert isinstance(responses, dict)
                assert codes <= set(responses)
                for code in codes:
                    assert "application/problem+json" in responses[code]["content"]

    async def test_passwords_are_write_only(
        self, openapi: dict[str, dict[str, dict[str, dict[str, object]]]]
    ) -> None:
        schemas = openapi["components"]["schemas"]
        assert schemas["UserCreate"]["properties"]["password"]["writeOnly"] is True  # type: ignore[index]
        assert "password" not in schemas["UserRead"]["properties"]  # type: ignore[operator]
        assert schemas["UserCreate"]["additionalProperties"] is False
        assert schemas["UserUpdate"]["additionalProperties"] is False
