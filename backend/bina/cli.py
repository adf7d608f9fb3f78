"""The `bina` command: database, demo seed, users, matching, worker, server."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Annotated

import typer

from bina.config import get_settings

app = typer.Typer(
    help="Bina: mentoring extreme-poor households out of poverty.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="Login accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
sync_app = typer.Typer(help="Delta sync's change log.", no_args_is_help=True)
app.add_typer(sync_app, name="sync")


def _ensure_sqlite_dir(url: str) -> None:
    if url.startswith("sqlite") and ":///" in url:
        path = url.split(":///", 1)[1]
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrate the schema to REVISION (default: the newest) and load the reference data."""
    from bina import migrate

    settings = get_settings()
    _ensure_sqlite_dir(settings.database_url)
    migrate.upgrade(settings.database_url, revision)
    regions, agencies = asyncio.run(migrate.load_reference_data(settings))
    typer.echo(f"schema at {revision}; {regions} regions and {agencies} agencies loaded")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. base")) -> None:
    """Migrate the schema down to REVISION."""
    from bina import migrate

    migrate.downgrade(get_settings().database_url, revision)
    typer.echo(f"schema at {revision}")


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="Sign-in email")],
    password: Annotated[str, typer.Option(help="At least 8 characters, not a common one")],
    role: Annotated[str, typer.Option(help="admin, agency_admin, coordinator, mentor, auditor")],
    name: Annotated[str | None, typer.Option(help="Display name (default: the email)")] = None,
    agency: Annotated[str | None, typer.Option(help="Agency code (agency_admin)")] = None,
    region: Annotated[str | None, typer.Option(help="Region code (coordinator)")] = None,
    mentor_nip: Annotated[str | None, typer.Option(help="NIP of the linked mentor")] = None,
) -> None:
    """Create a login account."""
    from bina.users import cli as users_cli

    try:
        user_id = asyncio.run(
            users_cli.create_user(
                get_settings(),
                email=email,
                password=password,
                role=role,
                name=name,
                agency_code=agency,
                region_code=region,
                mentor_nip=mentor_nip,
            )
        )
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"created {role} {email} ({user_id})")


@app.command("seed")
def seed(
    demo: Annotated[bool, typer.Option("--demo", help="Create the synthetic demo city")] = False,
    households: Annotated[int, typer.Option(help="Number of households")] = 10_644,
    mentors: Annotated[int, typer.Option(help="Number of mentors")] = 13_260,
    seed_value: Annotated[int, typer.Option("--seed", help="Random seed")] = 2024,
    reset: Annotated[
        bool, typer.Option("--reset", help="Delete households, mentors and demo logins first")
    ] = False,
) -> None:
    """Fill the database with synthetic demo data (never real people's data)."""
    if not demo:
        typer.echo("nothing to do: pass --demo", err=True)
        raise typer.Exit(2)
    from bina.seed import demo as demo_seed

    try:
        asyncio.run(
            demo_seed.run(
                get_settings(), households=households, mentors=mentors, seed=seed_value, reset=reset
            )
        )
    except demo_seed.SeedRefused as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


@app.command("match")
def match(
    by: Annotated[str, typer.Option(help="Email of the admin who runs (and approves) it")],
    kecamatan: Annotated[
        list[str] | None, typer.Option(help="Only this kecamatan (repeatable), e.g. 16.71.13")
    ] = None,
    all_households: Annotated[
        bool,
        typer.Option(
            "--all-households", help="Re-match households that have a mentor too (full re-match)"
        ),
    ] = False,
    max_distance_km: Annotated[float, typer.Option(help="Hard limit on distance")] = 10.0,
    same_kecamatan: Annotated[bool, typer.Option(help="Mentor must live in the kecamatan")] = False,
    capacity: Annotated[int | None, typer.Option(help="At most this many per mentor")] = None,
    competence: Annotated[float, typer.Option(help="Weight of competence fit")] = 0.5,
    proximity: Annotated[float, typer.Option(help="Weight of proximity")] = 0.3,
    agency: Annotated[float, typer.Option(help="Weight of agency spread")] = 0.1,
    continuity: Annotated[float, typer.Option(help="Weight of keeping a pair")] = 0.1,
    approve: Annotated[bool, typer.Option("--approve", help="Approve the result at once")] = False,
) -> None:
    """Match mentors to households now (the same solver and rules as the API's matching runs)."""
    from pydantic import ValidationError

    from bina.matching import cli as matching_cli
    from bina.matching.schemas import MatchingRunCreate

    try:
        request = MatchingRunCreate.model_validate(
            {
                "scope": {
                    "kecamatan_codes": kecamatan or None,
                    "only_unassigned": not all_households,
                },
                "weights": {
                    "competence": competence,
                    "proximity": proximity,
                    "agency": agency,
                    "continuity": continuity,
                },
                "constraints": {
                    "max_distance_km": max_distance_km,
                    "same_kecamatan": same_kecamatan,
                    "capacity_override": capacity,
                },
            }
        )
        run = asyncio.run(
            matching_cli.match(get_settings(), request, by=by, approve=approve, echo=typer.echo)
        )
    except (ValueError, ValidationError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if run.status not in ("succeeded", "approved"):
        raise typer.Exit(1)


@app.command("worker")
def worker(
    once: Annotated[bool, typer.Option("--once", help="Stop when no job is due")] = False,
) -> None:
    """Run background jobs: matching runs, webhook deliveries, monitoring exits, ... (any number
    of workers may run, on any host)."""
    from bina.jobs import worker as jobs_worker
    from bina.observability.logs import configure_logging

    configure_logging(get_settings())
    done = asyncio.run(jobs_worker.run_forever(get_settings(), once=once))
    if once:
        typer.echo(f"{done} job attempt(s) run")


async def _exit_monitored() -> int:
    from bina.db import create_engine, create_sessionmaker
    from bina.graduation import jobs as graduation_jobs

    engine = create_engine(get_settings())
    try:
        return await graduation_jobs.exit_all(create_sessionmaker(engine))
    finally:
        await engine.dispose()


@app.command("exit-monitored")
def exit_monitored() -> None:
    """Graduated households whose monitoring period ended leave the programme now (the workers
    do it every hour)."""
    typer.echo(f"{asyncio.run(_exit_monitored())} household(s) exited")


@sync_app.command("prune")
def sync_prune(
    days: Annotated[
        int | None, typer.Option(help="Keep this many days (default BINA_SYNC_RETENTION_DAYS)")
    ] = None,
) -> None:
    """Drop old changes from the sync log; phones with older cursors re-sync from zero."""
    from bina.sync import service as sync_service

    settings = get_settings()
    pruned = asyncio.run(sync_service.prune_log(settings, days or settings.sync_retention_days))
    typer.echo(f"{pruned} change(s) pruned")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
) -> None:
    """Serve the API (and the SPA when built) with uvicorn."""
    import uvicorn

    from bina.observability import metrics
    from bina.observability.logs import logging_config

    settings = get_settings()  # refuse to start on bad settings before forking workers
    if workers > 1 or metrics.MULTIPROCESS_DIR in os.environ:
        metrics.share_between_workers()
    uvicorn.run(
        "bina.asgi:app",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_config=logging_config(settings),
        log_level="info",
        access_log=False,  # the app logs each request itself (bina.access), with its caller
    )


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
