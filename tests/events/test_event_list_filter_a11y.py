"""The filter on the Events page (``event_list``, EventFilterForm) as assistive technology meets
it: every aria-describedby names an element on the page, each error sits under its own control,
the title says "Error:", and the controls are Bootstrap's, big enough to hit (WCAG 2.5.8)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.html_page import Page

BAD_FILTERS = {
    "to before from": {"date_from": "2030-05-02", "date_to": "2030-05-01"},
    "unknown region and kind": {"region": "nowhere", "kind": "picnic"},
    "impossible dates": {"date_from": "2030-02-30", "date_to": "1899-01-01", "family_friendly": "on"},
}


@pytest.fixture
def signed_in(client_for):
    return client_for("caregiver")


def events_page(client, params) -> tuple[Page, object]:
    response = client.get(reverse("event_list"), params)
    assert response.status_code == 200
    return Page.of(response), response.context["form"]


@pytest.mark.parametrize("params", BAD_FILTERS.values(), ids=BAD_FILTERS.keys())
def test_every_aria_describedby_names_an_element_on_the_page(signed_in, params):
    page, form = events_page(signed_in, params)
    assert form.errors
    described = [e for e in page.elements if "aria-describedby" in e.attrs]
    assert described, "an invalid control should point at its error"
    for element in described:
        for target in element.attrs["aria-describedby"].split():
            assert page.by_id(target) is not None, f"aria-describedby={target!r} on <{element.tag}> points at nothing"


@pytest.mark.parametrize("params", BAD_FILTERS.values(), ids=BAD_FILTERS.keys())
def test_each_error_is_under_its_own_control_which_points_at_it(signed_in, params):
    page, form = events_page(signed_in, params)
    controls = [page.by_id(form[name].auto_id) for name in form.fields]
    for name, errors in form.errors.items():
        control = page.by_id(form[name].auto_id)
        assert control.attrs.get("aria-invalid") == "true"
        error = page.by_id(f"{form[name].auto_id}_error")
        assert error is not None and f"{form[name].auto_id}_error" in control.attrs["aria-describedby"].split()
        for message in errors:
            assert " ".join(message.split()) in error.text()
        # After its control and before the next one.
        following = [c for c in controls if page.position(c) > page.position(control)]
        assert page.position(control) < page.position(error)
        assert not following or page.position(error) < page.position(following[0])


def test_a_bad_filter_titles_the_page_error_and_summarises_with_links(signed_in):
    page, form = events_page(signed_in, BAD_FILTERS["to before from"])
    assert page.title.startswith("Error: Events")
    [summary] = page.error_summaries
    assert [a.attrs["href"] for a in summary.find_all("a")] == ["#id_date_to"]
    assert "on or after" in summary.text()


def test_a_good_filter_is_not_an_error(signed_in):
    page, form = events_page(signed_in, {"family_friendly": "on", "date_from": "2030-05-01"})
    assert not form.errors
    assert page.title.startswith("Events")
    assert page.error_summaries == []
    assert not [e for e in page.elements if "aria-describedby" in e.attrs or "aria-invalid" in e.attrs]


@pytest.mark.parametrize("params", [{}, BAD_FILTERS["impossible dates"]], ids=["unfiltered", "with errors"])
def test_controls_use_bootstraps_classes_with_labels(signed_in, params):
    page, form = events_page(signed_in, params)
    expected = {
        "region": ("select", "form-select"),
        "kind": ("select", "form-select"),
        "date_from": ("input", "form-control"),
        "date_to": ("input", "form-control"),
        "family_friendly": ("input", "form-check-input"),
        "evening_weekend": ("input", "form-check-input"),
    }
    assert set(expected) == set(form.fields)
    for name, (tag, css_class) in expected.items():
        control = page.by_id(form[name].auto_id)
        assert control is not None and control.tag == tag
        assert css_class in control.classes, f"{name}: {control.attrs.get('class')!r}"
        [label] = page.find_all("label", for_=form[name].auto_id)
        assert label.text() == form[name].label
