"""`bina users create`: the command line makes accounts of the same shape as the API does."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import Settings
from bina.models import User
from bina.users.cli import create_user
from tests.users.factories import mentor

PASSWORD = "sungai-musi-1671"


class TestCliCreateUser:
    @pytest.mark.parametrize(
        ("role", "scope"),
        [
            ("admin", {}),
            ("agency_admin", {"agency_code": "DINSOS"}),
            ("coordinator", {"region_code": "16.71.13"}),
        ],
    )
    async def test_creates_an_account(
        self, app: FastAPI, settings: Settings, db: AsyncSession, role: str, scope: dict[str, str]
    ) -> None:
        user_id = await create_user(
            settings, email=" Admin@Uji.go.id ", password=PASSWORD, role=role, **scope
        )
        user = await db.get(User, user_id)
        assert user is not None
        assert user.email == "admin@uji.go.id"
        assert user.role == role

    async def test_links_a_mentor_by_nip_once(
        self, app: FastAPI, settings: Settings, db: AsyncSession
    ) -> None:
        m = await mentor(db)
        await create_user(
            settings, email="a@uji.go.id", password=PASSWORD, role="mentor", mentor_nip=m.nip
        )
        with pytest.raises(ValueError, match="has an account already"):
            await create_user(
                settings, email="b@uji.go.id", password=PASSWORD, role="mentor", mentor_nip=m.nip
            )

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"role": "root"}, "role must be one of"),
            ({"role": "admin", "password": "pendek"}, "at least 8"),
            ({"role": "coordinator"}, "needs --region"),
            ({"role": "admin", "agency_code": "DINSOS"}, "--agency is not used"),
            ({"role": "coordinator", "region_code": "16.71.99"}, "unknown region"),
        ],
    )
    async def test_refuses_bad_arguments(
        self, app: FastAPI, settings: Settings, kwargs: dict[str, Any], message: str
    ) -> None:
        arguments: dict[str, Any] = {"email": "a@uji.go.id", "password": PASSWORD} | kwargs
        with pytest.raises(ValueError, match=message):
            await create_user(settings, **arguments)
