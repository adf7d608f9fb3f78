"""If-Match on PATCH and DELETE: missing is 428, stale is 412 carrying the current version, and
the forms RFC 9110 allows (`*`, a list) are understood."""

from __future__ import annotations

import pytest
from fastapi import Response

from bina.errors import PreconditionFailed, PreconditionRequired
from bina.kit.preconditions import check_if_match, etag_of, set_etag


class TestEtag:
    def test_is_the_quoted_row_version(self) -> None:
        response = Response()
        set_etag(response, 7)
        assert response.headers["etag"] == '"7"' == etag_of(7)


class TestCheckIfMatch:
    def test_missing_is_428(self) -> None:
        with pytest.raises(PreconditionRequired) as exc:
            check_if_match(None, 3)
        assert exc.value.status == 428
        assert "If-Match" in exc.value.detail

    @pytest.mark.parametrize("stale", ['"2"', '"4"', '"2", "4"', "3", '"3', "", "W/", '"03"'])
    def test_anything_but_the_current_version_is_412_with_the_current_one(self, stale: str) -> None:
        with pytest.raises(PreconditionFailed) as exc:
            check_if_match(stale, 3)
        assert exc.value.status == 412
        assert exc.value.extra == {"current_version": 3, "current_etag": '"3"'}

    @pytest.mark.parametrize(
        "fresh",
        ['"3"', ' "3" ', "*", '"1", "3"', '"1","3"', 'W/"3"', 'W/"1", W/"3"'],
        ids=["exact", "spaces", "star", "list", "list-no-space", "weak", "weak-list"],
    )
    def test_the_current_version_passes(self, fresh: str) -> None:
        # Weak tags are accepted on purpose: proxies that compress answers weaken ETags, and the
        # client then sends back what it received.
        check_if_match(fresh, 3)
