"""Every model with a link to a person is in someone's download (or left out with a reason)
and has an erasure decision.

A new app (or a new model in an old one) cannot be forgotten: the walk over every installed
model (``accounts.personal_data.person_linked_models``) finds it and these tests name it.
"""

from __future__ import annotations

import pytest
from django.apps import apps

from accounts import personal_data
from accounts.personal_data import ExportSection, erasure_steps, export_sections, person_linked_models, role_of
from mydata import erasure_table


def export_coverage() -> dict[str, list[str]]:
    """Model label → where it is covered ("<section>: exported" / "<section>: excluded")."""
    covered: dict[str, list[str]] = {}
    for section in export_sections():
        for label in section.models:
            covered.setdefault(label, []).append(f"{section.key}: exported")
        for label in section.excluded:
            covered.setdefault(label, []).append(f"{section.key}: excluded")
    return covered


def missing_and_unexplained() -> tuple[list[str], list[str]]:
    covered = export_coverage()
    missing = sorted(m._meta.label for m in person_linked_models() if m._meta.label not in covered)
    unexplained = sorted(
        f"{section.key}: {label}"
        for section in export_sections()
        for label, reason in section.excluded.items()
        if not str(reason).strip()
    )
    return missing, unexplained


def test_every_person_linked_model_has_an_exporter_or_an_exclusion():
    missing, unexplained = missing_and_unexplained()
    assert missing == [], (
        f"models with a link to a person but no exporter and no exclusion: {missing}; add them to an "
        "ExportSection's models (in <app>/data_export.py) or to its excluded with the reason"
    )
    assert unexplained == [], f"exclusions without a reason: {unexplained}"


def test_a_model_is_covered_once_and_only_by_its_own_app():
    """Two sections exporting one model would give the person the same rows twice; a section
    answers for its own app's tables (and the account section for the libraries')."""
    sections = {section.key: section for section in export_sections()}
    ours = {"accounts", "invitations", "groups", "buddies", "events", "notifications", "privacy", "feedback"}
    ours |= {"directory", "mydata"}
    for label, where in export_coverage().items():
        assert len(where) == 1, f"{label} is covered by {where}"
        app = label.split(".")[0]
        owner = sections[where[0].split(":")[0]].export.__module__.split(".")[0]
        assert owner == (app if app in ours else "accounts"), f"{label} is covered by {owner}'s section"


def test_every_app_of_ours_contributes_a_section():
    keys = {section.key for section in export_sections()}
    assert keys >= {"account", "invitations", "groups", "buddies", "events", "messages"}
    assert keys >= {"discussions", "feedback", "directory", "requests"}


@pytest.fixture
def registry(monkeypatch):
    """A registry holding only the given sections (the real one is left alone)."""
    monkeypatch.setattr(personal_data, "_exports", {})
    monkeypatch.setattr(personal_data, "_discovered", {personal_data.EXPORT_MODULE})
    return personal_data


def _section(**fields) -> ExportSection:
    return ExportSection(key="test", title="Test", export=lambda user: {}, **fields)


def test_the_check_names_a_model_nobody_covers(registry):
    """Without the events section, the check names events' models (it can fail)."""
    for section in [s for s in _real_sections() if s.key != "events"]:
        registry.register_export(section)
    missing, _ = missing_and_unexplained()
    assert "events.RSVP" in missing
    assert "events.FollowUp" in missing


def test_the_check_refuses_an_empty_reason(registry):
    for section in _real_sections():
        registry.register_export(section)
    registry.register_export(_section(models=(), excluded={"events.Event": "  "}))
    _, unexplained = missing_and_unexplained()
    assert unexplained == ["test: events.Event"]


def _real_sections() -> list[ExportSection]:
    return _REAL


_REAL = export_sections()


def test_other_people_are_named_by_their_role(caregiver, caregiver_other_region, social_worker, manager):
    assert role_of(caregiver, caregiver) == "you"
    assert role_of(caregiver, social_worker) == "your social worker"
    assert role_of(caregiver_other_region, social_worker) == "a social worker"
    assert role_of(caregiver, manager) == "a manager"
    assert role_of(caregiver, caregiver_other_region) == "another caregiver"
    assert role_of(caregiver, None) is None


# --- Erasure ---------------------------------------------------------------------------


def test_every_person_linked_model_has_an_erasure_action():
    decided = {label for step in erasure_steps() for label in step.actions}
    missing = sorted(m._meta.label for m in person_linked_models() if m._meta.label not in decided)
    assert missing == [], f"say in <app>/data_erasure.py what closing an account does to: {missing}"


def test_every_erasure_action_names_a_real_model_and_says_something():
    for step in erasure_steps():
        for label, action in step.actions.items():
            assert apps.get_model(label), label
            assert str(action).strip(), f"{step.key}: {label} has an empty action"


def test_erasure_runs_accounts_last_so_the_user_row_goes_after_everything_else():
    assert erasure_steps()[-1].key == "accounts"


def test_readme_table_matches_the_registry():
    in_readme = erasure_table.readme_table(erasure_table.README.read_text())
    assert in_readme == erasure_table.table(), "run `python manage.py erasure_table --write`"
