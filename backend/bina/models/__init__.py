"""All tables, imported here so the metadata is complete for Alembic and the app."""

from bina.models.action_item import ACTION_STATUSES, ActionItem
from bina.models.agency import Agency
from bina.models.assessment import Assessment
from bina.models.assignment import ASSIGNMENT_ORIGINS, ASSIGNMENT_STATUSES, Assignment
from bina.models.audit_event import AuditEvent
from bina.models.base import Base
from bina.models.household import HOUSEHOLD_STATUSES, Household
from bina.models.household_member import RELATIONSHIPS, HouseholdMember
from bina.models.household_need import HouseholdNeed
from bina.models.household_status_change import HouseholdStatusChange
from bina.models.idempotency_key import IdempotencyKey
from bina.models.integration_client import IntegrationClient
from bina.models.job import JOB_STATUSES, Job
from bina.models.matching_proposal import PROPOSAL_CHANGES, PROPOSAL_OUTCOMES, MatchingProposal
from bina.models.matching_run import MATCHING_RUN_STATUSES, MatchingRun
from bina.models.matching_unmatched import MatchingUnmatched
from bina.models.mentor import EMPLOYMENT_TYPES, MENTOR_STATUSES, Mentor
from bina.models.mentor_competency import MentorCompetency
from bina.models.mentoring_session import SESSION_KINDS, SESSION_STATUSES, MentoringSession
from bina.models.refresh_token import RefreshToken
from bina.models.region import Region
from bina.models.stats_rollup import StatsHousehold, StatsVisitMonth
from bina.models.sync_change import SYNC_TYPES, SyncChange, SyncPrune
from bina.models.user import ROLES, User
from bina.models.webhook_delivery import DELIVERY_STATUSES, WebhookDelivery
from bina.models.webhook_endpoint import WebhookEndpoint

__all__ = [
    "ACTION_STATUSES",
    "ASSIGNMENT_ORIGINS",
    "ASSIGNMENT_STATUSES",
    "DELIVERY_STATUSES",
    "EMPLOYMENT_TYPES",
    "HOUSEHOLD_STATUSES",
    "JOB_STATUSES",
    "MATCHING_RUN_STATUSES",
    "MENTOR_STATUSES",
    "PROPOSAL_CHANGES",
    "PROPOSAL_OUTCOMES",
    "RELATIONSHIPS",
    "ROLES",
    "SESSION_KINDS",
    "SESSION_STATUSES",
    "SYNC_TYPES",
    "ActionItem",
    "Agency",
    "Assessment",
    "Assignment",
    "AuditEvent",
    "Base",
    "Household",
    "HouseholdMember",
    "HouseholdNeed",
    "HouseholdStatusChange",
    "IdempotencyKey",
    "IntegrationClient",
    "Job",
    "MatchingProposal",
    "MatchingRun",
    "MatchingUnmatched",
    "Mentor",
    "MentorCompetency",
    "MentoringSession",
    "RefreshToken",
    "Region",
    "StatsHousehold",
    "StatsVisitMonth",
    "SyncChange",
    "SyncPrune",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
]
