"""What the demo seed made, as numbers and as the text printed at the end of `bina seed --demo`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from bina.seed.accounts import DEMO_PASSWORD, DemoLogin
from bina.seed.places import kecamatan_table
from bina.seed.story import StoryReport


@dataclass(frozen=True, slots=True)
class DemoReport:
    households: int
    members: int
    needs: int
    mentors_pns: int
    mentors_pppk: int
    competencies: int
    households_by_kecamatan: dict[str, int]
    mentors_by_kecamatan: dict[str, int]
    logins: tuple[DemoLogin, ...]
    story: StoryReport
    base_seconds: float
    seconds: float
    phases: str = ""  # each step's wall time

    @property
    def mentors(self) -> int:
        return self.mentors_pns + self.mentors_pppk


def count_by_kecamatan(rows: list[dict[str, Any]]) -> dict[str, int]:
    return dict(Counter(row["kecamatan_code"] for row in rows).most_common())


def _top3(counts: dict[str, int], total: int) -> str:
    names = kecamatan_table()
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
    return ", ".join(
        f"{names[code].name} {n:,} ({100 * n / max(total, 1):.1f}%)" for code, n in top
    )


def login_table(logins: tuple[DemoLogin, ...] | list[DemoLogin]) -> str:
    width = max((len(login.email) for login in logins), default=5)
    lines = [
        f"Demo logins (password for every one: {DEMO_PASSWORD})",
        f"  {'email':<{width}}  {'role':<12}  scope",
    ]
    lines += [f"  {x.email:<{width}}  {x.role:<12}  {x.name}: {x.scope}" for x in logins]
    return "\n".join(lines)


def _story(report: DemoReport) -> list[str]:
    s, states = report.story, report.story.actions_by_state
    coverage = 100 * s.matched / max(report.households, 1)
    return [
        f"  matching run  {s.matched:>7,}  households with a mentor ({coverage:.1f}%"
        f" coverage; optimum {'certified' if s.certified else 'NOT certified'})",
        f"  sessions      {s.sessions:>7,}  (verified {s.sessions_by_status.get('verified', 0):,}, "
        f"submitted {s.sessions_by_status.get('submitted', 0):,}, "
        f"rejected {s.sessions_by_status.get('rejected', 0):,}; far-away flagged {s.flagged:,})",
        f"  action items  {sum(states.values()):>7,}  (done {states.get('done', 0):,}, "
        f"open {states.get('open', 0):,}, overdue {states.get('overdue', 0):,}, "
        f"dropped {states.get('dropped', 0):,})",
        f"  visited       {s.visited_30_days:>7,}  households in the last 30 days; "
        f"{s.not_visited_60_days:,} mentored ones not in 60 days",
        f"  assessments   {s.assessments:>7,}  ({s.ready:,} ready to graduate)",
        f"  graduated     {s.graduated:>7,}  (now monitored for 12 months)",
        f"  time: base data {report.base_seconds:.1f} s, matching {s.matching_seconds:.1f} s, "
        f"history {s.history_seconds:.1f} s",
        f"  steps: {report.phases}",
    ]


def render(report: DemoReport) -> str:
    return "\n".join(
        [
            f"Demo city seeded in {report.seconds:.1f} s",
            f"  households    {report.households:>7,}  (members {report.members:,}, "
            f"needs {report.needs:,})",
            f"  mentors       {report.mentors:>7,}  (PNS {report.mentors_pns:,}, "
            f"PPPK {report.mentors_pppk:,}; competences {report.competencies:,})",
            "  most households: " + _top3(report.households_by_kecamatan, report.households),
            "  most mentors live in: " + _top3(report.mentors_by_kecamatan, report.mentors),
            *_story(report),
            "",
            login_table(report.logins),
        ]
    )
