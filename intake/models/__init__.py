"""The models of ``intake``, by name; the form page is ``intake.pages.IntakeFormPage``."""

from intake.models.base import AppendOnlyModel, AppendOnlyQuerySet
from intake.models.casework import Note, Placement, RequestEvent
from intake.models.queues import Queue, QueueQuerySet, RoutingRule
from intake.models.records import AuditEntry, ImportedCase, QuotaTarget, RetentionRun
from intake.models.requests import IntakeRequest, IntakeRequestQuerySet, RoutingDecision, StatusChange

__all__ = [
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "AuditEntry",
    "ImportedCase",
    "IntakeRequest",
    "IntakeRequestQuerySet",
    "Note",
    "Placement",
    "Queue",
    "QueueQuerySet",
    "QuotaTarget",
    "RequestEvent",
    "RetentionRun",
    "RoutingDecision",
    "RoutingRule",
    "StatusChange",
]
