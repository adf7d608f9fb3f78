"""Run Alembic migrations from code (CLI, tests) and load the reference data after them."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from bina.config import Settings
from bina.db import create_engine, create_sessionmaker
from bina.reference.sync import sync_reference_data


def _project_root() -> Path:
    """The folder with alembic.ini: the source tree, or the working directory of an image."""
    for candidate in (Path(__file__).resolve().parents[2], Path.cwd()):
        if (candidate / "alembic.ini").is_file():
            return candidate
    raise FileNotFoundError("alembic.ini not found beside the sources or in the working directory")


def alembic_config(database_url: str) -> Config:
    root = _project_root()
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root / "migrations"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


async def load_reference_data(settings: Settings) -> tuple[int, int]:
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await sync_reference_data(session)
    finally:
        await engine.dispose()
