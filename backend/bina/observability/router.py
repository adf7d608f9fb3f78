"""GET /metrics for Prometheus; outside the OpenAPI document (it is not part of the API)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4
from starlette.responses import Response

from bina.db import Session
from bina.observability import service
from bina.observability.policy import allow_scraper

router = APIRouter(include_in_schema=False)


@router.get("/metrics", dependencies=[Depends(allow_scraper)])
async def metrics(request: Request, session: Session) -> Response:
    """Prometheus text format."""
    body = await service.exposition(session, request.app.state.metrics)
    return Response(body, media_type=CONTENT_TYPE_PLAIN_0_0_4)
