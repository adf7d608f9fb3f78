"""The OpenAPI document tells client authors every error each /mentors operation can return."""

from __future__ import annotations

import httpx

EXPECTED = {
    ("/api/v1/mentors", "get"): {"400", "401", "403", "422", "429"},
    # 400 with a body: one that is not UTF-8 cannot be read at all.
    ("/api/v1/mentors", "post"): {"400", "401", "403", "409", "413", "422", "429"},
    ("/api/v1/mentors/{mentor_id}", "get"): {"401", "403", "404", "422", "429"},
    ("/api/v1/mentors/{mentor_id}", "patch"): {
        "400",
        "401",
        "403",
        "404",
        "409",
        "412",
        "413",
        "422",
        "428",
        "429",
    },
    ("/api/v1/mentors/{mentor_id}", "delete"): {
        "401",
        "403",
        "404",
        "409",  # an active assignment
        "412",
        "422",
        "428",
        "429",
    },
}


class TestMentorsOpenApi:
    async def test_every_operation_documents_its_problems(self, client: httpx.AsyncClient) -> None:
        spec = (await client.get("/api/v1/openapi.json")).json()
        for (path, method), codes in EXPECTED.items():
            responses = spec["paths"][path][method]["responses"]
            errors = {c for c in responses if c.startswith(("4", "5"))}
            assert errors == codes, (path, method)
            for code in codes:
                assert "application/problem+json" in responses[code]["content"], (path, code)
        create = spec["components"]["schemas"]["MentorCreate"]
        assert create["additionalProperties"] is False
