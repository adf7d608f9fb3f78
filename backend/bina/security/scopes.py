"""What an integration client may be granted (design §10): one scope per kind of access.

A route declares the one scope a client needs (`bina.security.principal.requires`); routes that
declare none are for people only. People are governed by their role, never by scopes.
"""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    HOUSEHOLDS_READ = "households:read"
    HOUSEHOLDS_WRITE = "households:write"
    IDENTIFIERS_REVEAL = "identifiers:reveal"
    MENTORS_READ = "mentors:read"
    MENTORS_WRITE = "mentors:write"
    ASSIGNMENTS_READ = "assignments:read"
    SESSIONS_READ = "sessions:read"
    STATS_READ = "stats:read"
    PROGRAMS_READ = "programs:read"
    REFERRALS_READ = "referrals:read"
    REFERRALS_WRITE = "referrals:write"
    IMPORTS_WRITE = "imports:write"
    EXPORTS_READ = "exports:read"
    WEBHOOKS_MANAGE = "webhooks:manage"


ALL_SCOPES = frozenset(Scope)

DESCRIPTIONS: dict[Scope, str] = {
    Scope.HOUSEHOLDS_READ: "Read households, members, assessments and their history",
    Scope.HOUSEHOLDS_WRITE: "Register and update households",
    Scope.IDENTIFIERS_REVEAL: "See NIK, nomor KK and NIP unmasked, and specific personal data",
    Scope.MENTORS_READ: "Read mentors (ASN)",
    Scope.MENTORS_WRITE: "Register and update mentors",
    Scope.ASSIGNMENTS_READ: "Read which mentor mentors which household",
    Scope.SESSIONS_READ: "Read mentoring sessions, agreed actions and delta sync",
    Scope.STATS_READ: "Read aggregate statistics",
    Scope.PROGRAMS_READ: "Read programs",
    Scope.REFERRALS_READ: "Read referrals",
    Scope.REFERRALS_WRITE: "Make and answer referrals",
    Scope.IMPORTS_WRITE: "Import households and mentors from files",
    Scope.EXPORTS_READ: "Export files",
    Scope.WEBHOOKS_MANAGE: "Manage this client's own webhooks",
}


def parse(text: str) -> tuple[frozenset[Scope], list[str]]:
    """Space-separated scopes (RFC 6749 §3.3): the known ones, and the unknown names."""
    known: set[Scope] = set()
    unknown: list[str] = []
    for name in text.split():
        try:
            known.add(Scope(name))
        except ValueError:
            unknown.append(name)
    return frozenset(known), unknown
