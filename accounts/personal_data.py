"""What each app holds about a person: one registry for export, erasure and retention.

Privacy law gives a caregiver the right to a copy of what we hold about them (NZ Privacy Act
IPP 6, UK GDPR art. 15), to have it corrected (IPP 7, art. 16) and erased (art. 17), and asks
that nothing is kept longer than needed (IPP 9, art. 5(1)(e)). Each app answers for its own
tables in three modules, found by name so that no central list can forget one:

- ``<app>/data_export.py`` calls :func:`register_export` with an :class:`ExportSection`: the
  person's part of the download, where to correct it, and which of the app's person-linked
  models it covers or leaves out (with the reason);
- ``<app>/data_erasure.py`` calls :func:`register_erasure` with an :class:`ErasureStep`: what
  happens to each of the app's person-linked models when a caregiver's account is closed;
- ``<app>/retention.py`` calls :func:`register_retention` with :class:`RetentionRule` rows:
  how long each kind of record is kept (the period comes from ``settings.RETENTION``) and what
  happens after it.

``tests/accounts/test_personal_data_registry.py`` walks every model with a link to a person and
fails when one has no exporter, no erasure decision, or no explicit, commented exclusion.

Lives in accounts because every app may import accounts; the registry itself imports no app.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext

EXPORT_MODULE = "data_export"
ERASURE_MODULE = "data_erasure"
RETENTION_MODULE = "retention"


@dataclasses.dataclass(frozen=True)
class Correction:
    """Where a caregiver corrects a part of their download: a page, or who to ask."""

    label: Any  # lazy translatable text shown next to the section
    url_name: str = ""  # a URL name reversed without arguments, when they can fix it themselves
    ask: Any = ""  # lazy text naming who to ask, when they cannot


@dataclasses.dataclass(frozen=True)
class ExportSection:
    key: str  # the section's name in the JSON document, e.g. "events"
    title: Any  # lazy translatable heading for the HTML page
    export: Callable[[Any], dict[str, Any]]  # user -> JSON-serialisable dict (lists of rows)
    models: tuple[str, ...]  # model labels ("events.RSVP") whose rows about the person it exports
    corrections: tuple[Correction, ...] = ()
    excluded: dict[str, str] = dataclasses.field(default_factory=dict)  # model label -> why not exported
    description: Any = ""  # lazy text: what this part holds, shown above it
    # Every key the export writes (its lists and their rows' fields) -> lazy label for the HTML
    # page; tests/mydata fail on a key without one, so the readable page has no raw keys.
    labels: dict[str, Any] = dataclasses.field(default_factory=dict)
    order: int = 100  # position in the document and on the page (lower first)


@dataclasses.dataclass(frozen=True)
class ErasureStep:
    key: str
    erase: Callable[[Any], None]  # user -> None; runs inside the closure's transaction
    # model label -> what happens to that person's rows: short text for the README table,
    # e.g. "deleted", "anonymised: author set to none, text kept" (lazy or plain text).
    actions: dict[str, str]
    order: int = 100  # lower runs first (rows that protect others are cleared first)


@dataclasses.dataclass(frozen=True)
class RetentionRule:
    key: str  # settings.RETENTION's key, e.g. "notifications.message_bodies"
    model: str  # model label
    action: Any  # lazy text: "body and number blanked", "deleted"
    apply: Callable[[datetime], int]  # now -> rows changed; idempotent
    # Lazy text: the moment the period is counted from ("after it was written"), for the
    # operations page and the README table.
    counted_from: Any = ""
    # Lazy text shown beside the period when a row's own setting shortens it (a group's posts).
    period_note: Any = ""


_exports: dict[str, ExportSection] = {}
_erasures: dict[str, ErasureStep] = {}
_retention: dict[str, RetentionRule] = {}
_discovered: set[str] = set()


def _discover(module: str) -> None:
    if module not in _discovered:
        autodiscover_modules(module)
        _discovered.add(module)


def _register(registry: dict, key: str, item):
    if key in registry and registry[key] != item:
        raise ValueError(f"{key!r} is registered twice")
    registry[key] = item
    return item


def register_export(section: ExportSection) -> ExportSection:
    return _register(_exports, section.key, section)


def register_erasure(step: ErasureStep) -> ErasureStep:
    return _register(_erasures, step.key, step)


def register_retention(rule: RetentionRule) -> RetentionRule:
    return _register(_retention, rule.key, rule)


def export_sections() -> list[ExportSection]:
    _discover(EXPORT_MODULE)
    return sorted(_exports.values(), key=lambda section: (section.order, section.key))


def erasure_steps() -> list[ErasureStep]:
    _discover(ERASURE_MODULE)
    return sorted(_erasures.values(), key=lambda step: (step.order, step.key))


def retention_rules() -> list[RetentionRule]:
    _discover(RETENTION_MODULE)
    return list(_retention.values())


def person_linked_models() -> list:
    """Every installed model (ours and the libraries': allauth's addresses, the admin's log)
    with a column that points at a person, and the user model itself.

    A model that finds a person another way (the outbox's phone numbers) says so with
    ``personal_data_links = True`` on the class: the walk cannot see those links.
    """
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models():
        linked = model is user_model or getattr(model, "personal_data_links", False)
        linked = linked or any(
            field.concrete and field.is_relation and field.related_model is user_model
            for field in model._meta.get_fields()
        )
        if linked:
            found.append(model)
    return found


# Helpers for exporters: the download names other people by their role, never by name.


def iso(value) -> str | None:
    """A date or time as ISO 8601 text (the JSON document has no date type)."""
    return value.isoformat() if value is not None else None


def _social_worker_id(subject) -> int | None:
    # Memoised on the person: every exporter asks, the profile is read once.
    if not hasattr(subject, "_export_social_worker_id"):
        profile = getattr(subject, "caregiver_profile", None) if subject.role == "caregiver" else None
        subject._export_social_worker_id = profile.social_worker_id if profile else None
    return subject._export_social_worker_id


def role_of(subject, other) -> str | None:
    """Another person as ``subject`` reads them in their download: "you", "your social
    worker", "a social worker", "another caregiver"… The law gives a person what others
    wrote about them, not the others' identities, so names and addresses never appear."""
    if other is None:
        return None
    if other.pk == subject.pk:
        return gettext("you")
    if other.pk == _social_worker_id(subject):
        return gettext("your social worker")
    return {
        "social_worker": gettext("a social worker"),
        "manager": gettext("a manager"),
        "administrator": gettext("an administrator"),
    }.get(other.role, gettext("another caregiver"))
