"""Write the packaged reference data (regions, agencies) into the database; safe to re-run."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Agency, Region
from bina.reference.agencies import palembang_agencies
from bina.reference.regions import palembang_regions


async def sync_reference_data(session: AsyncSession) -> tuple[int, int]:
    """Upsert every region and agency; return how many of each the database now holds."""
    regions = {r.code: r for r in (await session.scalars(select(Region))).all()}
    # Parents first, so the self-referencing foreign key holds at every insert.
    for row in sorted(palembang_regions(), key=lambda r: r.code.count(".")):
        region = regions.get(row.code) or Region(code=row.code)
        region.level, region.parent_code = row.level, row.parent_code
        region.name, region.name_2025, region.lat, region.lon = (
            row.name,
            row.name_2025,
            row.lat,
            row.lon,
        )
        if row.code not in regions:
            session.add(region)
            await session.flush()
    agencies = {a.code: a for a in (await session.scalars(select(Agency))).all()}
    for arow in palembang_agencies():
        agency = agencies.get(arow.code) or Agency(code=arow.code)
        agency.name, agency.kind, agency.region_code = arow.name, arow.kind, arow.region_code
        if arow.code not in agencies:
            session.add(agency)
    await session.flush()
    return len(palembang_regions()), len(palembang_agencies())
