"""`bina users create`: make a login account from the command line (first admin, demo users)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from bina.config import Settings
from bina.db import create_engine, create_sessionmaker
from bina.models import ROLES, Agency, Mentor, Region, User
from bina.security.passwords import hash_password, password_problems
from bina.security.principal import Role
from bina.users.rules import SCOPE_OF_ROLE

_OPTION = {"agency_code": "--agency", "region_code": "--region", "mentor_id": "--mentor-nip"}


async def create_user(
    settings: Settings,
    *,
    email: str,
    password: str,
    role: str,
    name: str | None = None,
    agency_code: str | None = None,
    region_code: str | None = None,
    mentor_nip: str | None = None,
) -> uuid.UUID:
    """Create the account; ValueError says what is wrong with the arguments."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if problems := password_problems(password):
        raise ValueError("password " + "; ".join(problems))
    # The same shape the API enforces (bina.users.rules): exactly the role's own scope option.
    given = {"agency_code": agency_code, "region_code": region_code, "mentor_id": mentor_nip}
    needed = SCOPE_OF_ROLE[Role(role)]
    for field, value in given.items():
        if field == needed and not value:
            raise ValueError(f"a {role} account needs {_OPTION[field]}")
        if field != needed and value:
            raise ValueError(f"{_OPTION[field]} is not used by role {role}")
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            if await session.scalar(select(User.id).where(User.email == email.strip().lower())):
                raise ValueError(f"a user with email {email} already exists")
            if agency_code and await session.get(Agency, agency_code) is None:
                raise ValueError(f"unknown agency {agency_code}")
            if region_code and await session.get(Region, region_code) is None:
                raise ValueError(f"unknown region {region_code}")
            mentor_id = None
            if mentor_nip:
                mentor_id = await session.scalar(select(Mentor.id).where(Mentor.nip == mentor_nip))
                if mentor_id is None:
                    raise ValueError(f"no mentor with NIP {mentor_nip}")
                if await session.scalar(select(User.id).where(User.mentor_id == mentor_id)):
                    raise ValueError(f"the mentor with NIP {mentor_nip} has an account already")
            user = User(
                email=email.strip().lower(),
                name=name or email.split("@")[0],
                password_hash=hash_password(password),
                role=role,
                agency_code=agency_code,
                region_code=region_code,
                mentor_id=mentor_id,
            )
            session.add(user)
            await session.flush()
            return user.id
    finally:
        await engine.dispose()
