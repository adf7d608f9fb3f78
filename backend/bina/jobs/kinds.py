"""Every job kind a worker can run: importing the modules that declare them fills the registry."""

from __future__ import annotations

from bina.jobs.service import KINDS, JobKind


def load() -> dict[str, JobKind]:
    """The declared kinds by name (the domains' job modules are imported here, not at start-up
    of every API process, because some pull heavy solvers in only when they run)."""
    from bina.graduation import jobs as graduation_jobs  # noqa: F401
    from bina.jobs import housekeeping  # noqa: F401
    from bina.matching import jobs as matching_jobs  # noqa: F401
    from bina.webhooks import delivery as webhook_jobs  # noqa: F401

    return dict(KINDS)
