"""The personal-data registry: no model that points at a person is left without an erasure decision.

(The download's half of this file, the exporter checks, is written beside it in the export branch.)
"""

from __future__ import annotations

from django.apps import apps

from accounts.personal_data import erasure_steps, person_linked_models
from mydata import erasure_table


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
