"""The OpenAPI document lists every error each /assignments operation can return."""

from __future__ import annotations

import httpx

# 400 on every operation with a body: one that is not UTF-8 cannot be read at all.
WRITE = {"400", "401", "403", "404", "409", "412", "413", "422", "428", "429"}
EXPECTED = {
    ("/api/v1/assignments", "get"): {"400", "401", "403", "422", "429"},
    ("/api/v1/assignments", "post"): {"400", "401", "403", "404", "409", "413", "422", "429"},
    ("/api/v1/assignments/{assignment_id}", "get"): {"401", "403", "404", "422", "429"},
    ("/api/v1/assignments/{assignment_id}/end", "post"): WRITE,
    ("/api/v1/assignments/{assignment_id}/reassign", "post"): WRITE,
}


class TestAssignmentsOpenApi:
    async def test_every_operation_documents_its_problems(self, client: httpx.AsyncClient) -> None:
        spec = (await client.get("/api/v1/openapi.json")).json()
        for (path, method), codes in EXPECTED.items():
            responses = spec["paths"][path][method]["responses"]
            errors = {c for c in responses if c.startswith(("4", "5"))}
            assert errors == codes, (path, method)
            for code in codes:
                assert "application/problem+json" in responses[code]["content"], (path, code)
