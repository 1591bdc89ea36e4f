"""Every form page that can show errors opens with one error summary (templates/partials/
error_summary.html): role="alert", tabindex="-1" for static/js/error-summary.js to focus, above
the page's <h1>, with a link to each erroring field's id, and the page title starts "Error: ".

Each case below is one page with bad input: who is signed in, what they send, and the name of
the form in the view's context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts.models import Role
from events.models import Audience, Event
from invitations import services as invitation_services
from tests.accounts.factories import PASSWORD, add_totp, make_staff
from tests.accounts.helpers import login
from tests.events.factories import EventFactory, RSVPFactory
from tests.events.helpers import reply
from tests.html_page import Page
from tests.invitations.factories import InvitationFactory


@dataclass
class Case:
    """``send(client, fixtures)`` makes the request with bad input and returns the response."""

    who: str | None  # a persona of tests/conftest.py, or None for a visitor
    send: Callable
    form: str = "form"


def _event(fx, **fields) -> Event:
    return EventFactory(
        region=fx.getfixturevalue("wellington"),
        created_by=fx.getfixturevalue("social_worker"),
        capacity=10,
        childminding=True,
        **fields,
    )


def _invitation_link(invitation) -> str:
    token = invitation_services.invitation_token(invitation)
    return reverse("invitation_accept", kwargs={"uid": invitation.uid, "token": token})


def _staff_without_mfa(client, fx):
    """Setting up two-step verification asks for the password again first (allauth 65 does
    not count the sign-in itself)."""
    user = make_staff(role=Role.SOCIAL_WORKER, regions=[fx.getfixturevalue("wellington")], mfa=False)
    login(client, user.email, PASSWORD)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def _mfa_code_wrong(client, fx):
    user = make_staff(role=Role.SOCIAL_WORKER, regions=[fx.getfixturevalue("wellington")], mfa=False)
    add_totp(user)
    login(client, user.email, PASSWORD)
    return client.post(reverse("mfa_authenticate"), {"code": "12"})


CASES = {
    "reply, one error": Case(
        "caregiver", lambda c, fx: c.post(reverse("rsvp_edit", args=[_event(fx).pk]), reply(adults="-1"))
    ),
    "reply, three errors": Case(
        "caregiver",
        lambda c, fx: c.post(
            reverse("rsvp_edit", args=[_event(fx).pk]),
            reply(adults="-1", children_5_11="two", childminding_for="99"),
        ),
    ),
    "reply, no answer to the question": Case(
        "caregiver", lambda c, fx: c.post(reverse("rsvp_edit", args=[_event(fx).pk]), reply(going=""))
    ),
    "reply, too many for the event (form-wide)": Case(
        "caregiver",
        lambda c, fx: c.post(
            reverse("rsvp_edit", args=[_event(fx).pk]), reply(adults="20", children_0_4="0", children_5_11="0")
        ),
    ),
    "event create": Case(
        "social_worker", lambda c, fx: c.post(reverse("event_create") + "?kind=family_fun_day", {"kind": "x"})
    ),
    "event edit": Case(
        "social_worker", lambda c, fx: c.post(reverse("event_edit", args=[_event(fx).pk]), {"title": ""})
    ),
    "event cancel": Case(
        "social_worker", lambda c, fx: c.post(reverse("event_cancel", args=[_event(fx).pk]), {"reason": ""})
    ),
    "invited list, add caregivers": Case(  # the caregiver persona is there to be added
        "social_worker",
        lambda c, fx: c.post(
            reverse("event_invitees", args=[_event(fx, audience=Audience.INVITED).pk]), {"caregivers": ""}
        ),
        form="add_form",
    ),
    "invitation new": Case("social_worker", lambda c, fx: c.post(reverse("invitation_create"), {"email": "x"})),
    "invitation accept": Case(
        None,
        lambda c, fx: c.post(
            _invitation_link(InvitationFactory(region=fx.getfixturevalue("wellington"))),
            {"first_name": "", "password1": "short", "password2": "other"},
        ),
    ),
    "profile": Case(
        "caregiver", lambda c, fx: c.post(reverse("profile"), {"phone": "12345", "started_caring_on": "31/31/2020"})
    ),
    "event filter": Case(
        "caregiver",
        lambda c, fx: c.get(
            reverse("event_list"), {"region": "nowhere", "date_from": "2030-05-02", "date_to": "2030-05-01"}
        ),
    ),
    "sign in": Case(
        None, lambda c, fx: c.post(reverse("account_login"), {"login": "nobody@example.org", "password": "x"})
    ),
    "password reset": Case(None, lambda c, fx: c.post(reverse("account_reset_password"), {"email": "not an email"})),
    "password change": Case("caregiver", lambda c, fx: c.post(reverse("account_change_password"), {})),
    "email address add": Case(
        "caregiver", lambda c, fx: c.post(reverse("account_email"), {"action_add": "", "email": "not an email"})
    ),
    "two-step set-up": Case(
        None, lambda c, fx: _staff_without_mfa(c, fx).post(reverse("mfa_activate_totp"), {"code": "123"})
    ),
    "two-step code at sign-in": Case(None, _mfa_code_wrong),
    "care map entry, nothing chosen": Case("caregiver", lambda c, fx: c.post(reverse("caremap"), {})),
    "care map entry, too long and a link that does not fit": Case(
        "caregiver",
        lambda c, fx: c.post(
            reverse("caremap"),
            {"kind": "person", "ring": "close", "label": "x" * 41, "note": "n" * 141, "group": "999999"},
        ),
    ),
}


def field_target(form, name: str) -> str:
    """The id a summary link should point at: the field's, or a radio or checkbox group's first choice."""
    bound = form[name]
    return bound.id_for_label or f"{bound.auto_id}_0"


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_page_with_errors_opens_with_a_summary_linking_to_each_field(request, client_for, case):
    client = client_for(case.who) if case.who else client_for("anonymous")
    response = case.send(client, request)
    assert response.status_code == 200
    form = response.context[case.form]
    assert form.errors, "the case should have produced errors"
    page = Page.of(response)

    assert page.title.startswith("Error: ")
    [summary] = page.error_summaries  # one, even where a page shows the same form twice
    assert (summary.attrs.get("role"), summary.attrs.get("tabindex")) == ("alert", "-1")
    headings = page.find_all("h1")
    assert headings and page.position(summary) < page.position(headings[0]), "the summary comes first"

    links = {a.attrs["href"].removeprefix("#"): a.text() for a in summary.find_all("a")}
    for name, errors in form.errors.items():
        if name == "__all__":
            for error in errors:
                assert " ".join(error.split()) in summary.text()
            continue
        target = field_target(form, name)
        assert target in links, f"no link to {name} ({target}) in {links}"
        assert target in page.ids, f"the summary links to #{target}, which is not on the page"
        for error in errors:
            assert " ".join(error.split()) in links[target]
    assert set(links) <= set(page.ids)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("caregiver", lambda fx: reverse("rsvp_edit", args=[_event(fx).pk])),
        ("caregiver", lambda fx: reverse("profile")),
        ("caregiver", lambda fx: reverse("event_list") + "?family_friendly=on"),
        ("social_worker", lambda fx: reverse("event_invitees", args=[_event(fx).pk])),
        ("anonymous", lambda fx: reverse("account_login")),
        ("caregiver", lambda fx: reverse("caremap")),
    ],
    ids=["reply", "profile", "event filter", "invited list", "sign in", "care map"],
)
def test_a_page_without_errors_has_no_summary_and_a_plain_title(request, client_for, who, url):
    page = Page.of(client_for(who).get(url(request)))
    assert page.error_summaries == []
    assert not page.title.startswith("Error")


def test_a_follow_up_that_did_not_save_is_an_error_the_page_focuses(request, client_for, caregiver):
    """The follow-up form posts and redirects back; its error comes as a message, so the page
    after the redirect shows it as a focusable alert and its title says "Error: "."""
    event = _event(request)
    RSVPFactory(event=event, user=caregiver)
    client = client_for("social_worker")
    url = reverse("follow_up_create", args=[event.pk, caregiver.pk])
    response = client.post(url, {"method": "carrier pigeon", "return_to": "replies"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("event_rsvps", args=[event.pk])
    page = Page.of(response)
    assert page.title.startswith("Error: ")
    [summary] = page.error_summaries
    assert (summary.attrs.get("role"), summary.attrs.get("tabindex")) == ("alert", "-1")
    assert "Choose how you followed up" in summary.text()
    assert not page.find_all(role="status")[0].text()  # not also in the polite messages


def test_every_page_loads_the_focus_script_deferred_from_the_site_itself(client_for):
    page = Page.of(client_for("caregiver").get(reverse("home")))
    [script] = [s for s in page.find_all("script") if s.attrs.get("src", "").endswith("js/error-summary.js")]
    assert "defer" in script.attrs
    assert script.attrs["src"].startswith("/")  # no CDN: the CSP allows 'self' only
