from __future__ import annotations

import csv
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from accounts import free_text, policy, reads
from accounts.forms import ReadReasonForm
from accounts.lazy import RespondInstead, lazy_context, render_lazily
from accounts.models import ReadKind, Role, User
from notifications.models import Message

from . import access, calendar, fragments, selectors, services
from .forms import (
    AddInviteesForm,
    CancelEventForm,
    EventFilterForm,
    EventForm,
    FollowUpForm,
    RSVPForm,
    practice_defaults,
)
from .models import (
    HEAD_FIELDS,
    RSVP,
    Attendance,
    Audience,
    CalendarFeed,
    ChecklistItem,
    Event,
    EventInvitee,
    EventKind,
    EventStatus,
    FollowUp,
    Response,
)

PAGE_SIZE = 20
# A calendar feed records when it was last fetched to the day: enough for retention, one write a day.
FEED_USE_RECORDED_EVERY = timedelta(days=1)

caregiver_or_staff = policy.role_required(Role.CAREGIVER, Role.SOCIAL_WORKER, Role.MANAGER)


@caregiver_or_staff
def event_list(request):
    user = request.user
    is_staff = policy.is_staff_member(user)
    form = EventFilterForm(request.GET or None)

    # Count and page through the events' ids alone (an index-only scan of the covering
    # upcoming index), then read the page's rows with places taken and this person's reply:
    # sorting whole rows of every upcoming event to keep twenty cost several times more.
    # Lazily: when the page cache has this person's page, none of it runs.
    def listing() -> dict:
        events = Event.objects.visible_to(user).upcoming()
        if not is_staff:
            events = events.filter(status=EventStatus.PUBLISHED)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["region"]:
                events = events.filter(region_id=data["region"])
            if data["kind"]:
                events = events.filter(kind=data["kind"])
            events = events.starting_between(data["date_from"], data["date_to"])
            if data["family_friendly"]:
                events = events.filter(family_friendly=True)
            if data["evening_weekend"]:
                events = events.evening_or_weekend()
        ids = events.order_by("starts_at", "pk").values_list("pk", flat=True)
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = list(
            Event.objects.filter(pk__in=list(page.object_list))
            .select_related("region")
            .order_by("starts_at", "pk")
            .with_heads_going()
            .with_reply_of(user)
        )
        return {"page": page, "events": shown, "cards_key": fragments.event_list_key(shown)}

    context = {
        "page_cache": True,
        **lazy_context(listing, ("page", "events", "cards_key")),
        "form": form,
        "is_staff": is_staff,
    }
    return render(request, "events/event_list.html", context)


@caregiver_or_staff
def event_detail(request, pk: int):
    user = request.user

    # The event too is read (and its access check made: 404) only when the page is
    # drawn: a page from the page cache was drawn for this person after the check
    # passed, under generations any change to the event would have moved.
    def details() -> dict:
        event = access.get_event_for_user(user, pk)
        return {
            "event": event,
            "rsvp": RSVP.objects.filter(event=event, user=user).first(),
            "can_manage": access.can_manage_event(user, event),
            "can_rsvp": access.can_rsvp(user, event),
            "places_left": event.places_left(),
        }

    names = ("event", "rsvp", "can_manage", "can_rsvp", "places_left")
    context = {"page_cache": True, **lazy_context(details, names)}
    return render(request, "events/event_detail.html", context)


def replies_closed(request, event: Event):
    rsvp = RSVP.objects.filter(event=event, user=request.user).first()
    return render(request, "events/rsvp_closed.html", {"event": event, "rsvp": rsvp}, status=409)


@policy.caregiver_required
def rsvp_edit(request, pk: int):
    if request.method != "POST":
        # The event (with its access check) and the empty form, lazily: when the page
        # cache has this person's page, neither is read. A closed event stops the drawing
        # (before anything is stored) and gets its own page.
        def blank() -> dict:
            event = access.get_event_for_user(request.user, pk)
            if not event.is_open_for_replies:
                raise RespondInstead(replies_closed(request, event))
            rsvp = RSVP.objects.filter(event=event, user=request.user).first()
            return {"event": event, "rsvp": rsvp, "form": RSVPForm(instance=rsvp, event=event)}

        context = {"page_cache": True, "form_is_bound": False, **lazy_context(blank, ("event", "rsvp", "form"))}
        return render_lazily(request, "events/rsvp_form.html", context)
    event = access.get_event_for_user(request.user, pk)
    if not event.is_open_for_replies:
        return replies_closed(request, event)
    rsvp = RSVP.objects.filter(event=event, user=request.user).first()
    form = RSVPForm(request.POST, instance=rsvp, event=event, author=request.user)
    if form.is_valid():
        try:
            saved = services.rsvp_submit(
                event=event, user=request.user, going=form.cleaned_data["going"], household=form.household()
            )
        except services.RSVPRefused as exc:
            # Show the reply that is kept (not the numbers refused), with the reason beside the field.
            kept = RSVP.objects.filter(event=event, user=request.user).first()
            if kept is not None:
                form = RSVPForm(RSVPForm.data_for(kept), instance=kept, event=event, author=request.user)
                form.is_valid()
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.add_message(request, *_reply_saved_message(event, saved))
            return redirect("my_events")
    context = {"event": event, "form": form, "rsvp": rsvp, "form_is_bound": True}
    return render(request, "events/rsvp_form.html", context, status=200)


def _reply_saved_message(event: Event, saved: RSVP) -> tuple[int, str]:
    if saved.response == Response.NOT_GOING:
        return messages.SUCCESS, gettext("Thanks for letting us know you can't come to %(title)s.") % {
            "title": event.title
        }
    if saved.waitlisted:
        return messages.WARNING, ngettext(
            "%(title)s is full, so you are on the waitlist for %(n)d person. "
            "If places come free you will get them automatically and we will tell you.",
            "%(title)s is full, so you are on the waitlist for %(n)d people. "
            "If places come free you will get them automatically and we will tell you.",
            saved.heads,
        ) % {"title": event.title, "n": saved.heads}
    return messages.SUCCESS, ngettext(
        "You're going to %(title)s: %(n)d person. See you there!",
        "You're going to %(title)s: %(n)d people. See you there!",
        saved.heads,
    ) % {"title": event.title, "n": saved.heads}


@require_POST
@policy.caregiver_required
def rsvp_cancel(request, pk: int):
    event = access.get_event_for_user(request.user, pk)
    try:
        cancelled = services.rsvp_cancel(event=event, user=request.user)
    except services.RSVPRefused as exc:
        messages.error(request, exc.message)
        return redirect("event_detail", pk=event.pk)
    if cancelled:
        messages.success(
            request,
            gettext("Your reply to %(title)s is cancelled. Your places go to the next family waiting.")
            % {"title": event.title},
        )
    return redirect("my_events")


@policy.caregiver_required
def my_events(request):
    user = request.user

    def cards() -> dict:
        replies = selectors.going_replies_of(user)
        upcoming = selectors.upcoming_of(replies)
        feed = CalendarFeed.objects.filter(user=user).first()
        return {
            "upcoming": upcoming,
            "past": selectors.past_of(replies, limit=10),
            "feed": feed,
            "feed_url": request.build_absolute_uri(calendar.feed_path(feed)) if feed else None,
            "cards_key": fragments.my_events_key(upcoming),
        }

    # Lazily: when the page cache has this person's page, none of it runs.
    context = {"page_cache": True, **lazy_context(cards, ("upcoming", "past", "feed", "feed_url", "cards_key"))}
    return render(request, "events/my_events.html", context)


@require_POST
@policy.caregiver_required
def calendar_feed_reset(request):
    """Create the feed address, or replace it: the old address stops working."""
    CalendarFeed.objects.filter(user=request.user).delete()
    if request.POST.get("action") != "stop":
        CalendarFeed.objects.create(user=request.user)
        messages.success(request, gettext("Your calendar address is ready. Any older address no longer works."))
    else:
        messages.success(request, gettext("Your calendar address no longer works."))
    # The same controls sit on My events and on the profile page.
    return redirect("profile" if request.POST.get("return_to") == "profile" else "my_events")


def event_short_link(request, pk: int):
    """From a text message to the event page (which then asks the person to sign in)."""
    return redirect("event_detail", pk=pk)


@caregiver_or_staff
def event_ics(request, pk: int):
    event = access.get_event_for_user(request.user, pk)
    response = HttpResponse(
        calendar.render_events([event], request=request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def calendar_feed(request, token: str):
    """Public by design: calendar apps cannot sign in. The token is the secret."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    # Calendar apps fetch every few minutes: one conditional UPDATE, a write at most once a day.
    now = timezone.now()
    CalendarFeed.objects.filter(pk=feed.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - FEED_USE_RECORDED_EVERY)
    ).update(last_used_at=now)
    events = (
        Event.objects.filter(rsvps__user=feed.user, rsvps__response=Response.GOING)
        .exclude(status=EventStatus.DRAFT)
        .filter(ends_at__gt=timezone.now() - timedelta(days=60))
        .select_related("region")
        .distinct()
    )
    response = HttpResponse(
        calendar.render_events(events, request=request), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- Staff -----------------------------------------------------------------------------


@policy.staff_required
def event_create(request):
    kind = request.GET.get("kind") or request.POST.get("kind")
    if request.method == "GET" and kind not in EventKind.values:
        return render(request, "events/event_kind_choice.html", {"kinds": EventKind.choices})
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user)
        if form.is_valid():
            event = services.event_create(created_by=request.user, **form.cleaned_data)
            messages.success(
                request,
                gettext("%(title)s is saved as %(status)s.")
                % {"title": event.title, "status": event.get_status_display().lower()},
            )
            return redirect("event_detail", pk=event.pk)
    else:
        initial = practice_defaults(kind)
        regions = policy.regions_for(request.user)
        if regions.count() == 1:
            initial["region"] = regions.first().pk
        form = EventForm(initial=initial, user=request.user)
    kind_label = EventKind(kind).label if kind in EventKind.values else gettext("Event")  # a POST may lack the kind
    return render(request, "events/event_form.html", {"form": form, "kind_label": kind_label})


@policy.staff_required
def event_edit(request, pk: int):
    event = access.get_event_to_manage(request.user, pk)
    if event.status == EventStatus.CANCELLED:
        messages.error(request, gettext("A cancelled event cannot be edited."))
        return redirect("event_detail", pk=event.pk)
    # Compare stored values too: moving an event to a region in another time zone
    # changes its real start although the typed times look the same.
    before = {name: getattr(event, name) for name in (*services.ATTENDEE_FIELDS, "capacity")}
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        updated = form.save(commit=False)
        changed = list({*form.changed_data, *(n for n, v in before.items() if getattr(updated, n) != v)})
        try:
            services.event_update(event=updated, changed=changed)
        except services.EventChangeRefused as exc:
            # Replies arrived while the form was open: nothing was saved; say so next to the field.
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            told = services.tells_people_going(updated, changed)
            messages.success(
                request, gettext("Changes saved. People going have been told.") if told else gettext("Changes saved.")
            )
            return redirect("event_detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@policy.staff_required
def event_cancel(request, pk: int):
    event = access.get_event_to_manage(request.user, pk)
    if event.status == EventStatus.CANCELLED:
        return redirect("event_detail", pk=event.pk)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.event_cancel(event=event, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            gettext("%(title)s is cancelled. Everyone going or waitlisted has been told.") % {"title": event.title},
        )
        return redirect("event_detail", pk=event.pk)
    affected = event.rsvps.going_or_waitlisted().count()
    return render(request, "events/event_cancel.html", {"event": event, "form": form, "affected": affected})


REPLIES_PAGE_SIZE = 50
# The ids of the people a replies page showed, kept beside the page cache's copy of it for
# twice its lifetime, so a page served from the cache records its reads without the query.
PEOPLE_SHOWN_SECONDS = max(2 * settings.PAGE_CACHE_SECONDS, 60)
# A staff member reloading the same replies page within this long is recorded once (accounts.StaffRead).
SAME_LOOK_SECONDS = 10 * 60


@policy.staff_required
def event_rsvps(request, pk: int):
    """Totals, texts that did not arrive, and who is going (by name, fifty a page),
    waiting or not. A regional hui has hundreds of households: the totals and the
    list of texts to follow up cover all of them; the CSV has every row.

    Every look is a read of the reply details of each caregiver it shows (issue 15), a page
    from the page cache too."""
    page_number = request.GET.get("page")
    drawn: dict[str, list[int]] = {}
    people_key = f"events:replies-people:{pk}:{page_number or ''}"

    # Lazily: when the page cache has this person's page, none of it runs. The event is read
    # (and its access check made: 404/403) only when the page is drawn, as on the event page:
    # a cached page was drawn for this person after the check passed, and any change that
    # could take their access away retires it (peersupport/pagecache.py).
    def replies() -> dict:
        event = access.get_event_to_manage(request.user, pk)
        confirmed = event.rsvps.confirmed()
        by_name = event.rsvps.select_related("user").order_by("user__first_name", "user__last_name", "pk")
        page = Paginator(by_name.confirmed(), REPLIES_PAGE_SIZE).get_page(page_number)
        going = list(page.object_list)
        # The latest message status per person going and channel, in one query: for the
        # people on this page, and to find everyone whose text did not arrive.
        latest = selectors.latest_delivery(event, confirmed.values("user_id"))
        for rsvp in going:
            rsvp.delivery = {channel: latest.get((rsvp.user_id, channel)) for channel in ("email", "sms")}
        failed_texts = list(
            by_name.confirmed()
            .filter(user_id__in=selectors.failed_text_recipients(latest))
            .select_related("user__caregiver_profile")  # their phone numbers
        )
        if failed_texts:
            log: dict[int, list] = {}
            for entry in FollowUp.objects.filter(
                event=event, caregiver__in=[r.user_id for r in failed_texts]
            ).select_related("by"):
                log.setdefault(entry.caregiver_id, []).append(entry)
            for rsvp in failed_texts:
                rsvp.follow_ups = log.get(rsvp.user_id, [])
        waitlist = list(event.rsvps.waitlist().select_related("user"))
        not_going = list(by_name.filter(response=Response.NOT_GOING))
        drawn["people"] = [rsvp.user_id for rsvp in (*going, *failed_texts, *waitlist, *not_going)]
        cache.set(people_key, drawn["people"], PEOPLE_SHOWN_SECONDS)
        return {
            "event": event,
            "page": page,
            "going": going,
            "failed_texts": failed_texts,
            "waitlist": waitlist,
            "not_going": not_going,
            "totals": confirmed.totals(),
            "waitlist_totals": {"households": len(waitlist), "people": sum(rsvp.heads for rsvp in waitlist)},
        }

    names = ("event", "page", "going", "failed_texts", "waitlist", "not_going", "totals", "waitlist_totals")
    context = {"page_cache": True, "follow_up_form": FollowUpForm(), **lazy_context(replies, names)}
    response = render(request, "events/event_rsvps.html", context)
    # Drawn from the page cache, the page shows the people the lazy part found when it drew
    # the page; it kept their ids beside it (any change to the data since would have retired
    # the cached page too). Only if that note is gone are they found again, at the page's cost.
    people = drawn.get("people") or cache.get(people_key)
    if people is None:
        event = access.get_event_to_manage(request.user, pk)
        people = selectors.people_on_replies_page(event, page_number, REPLIES_PAGE_SIZE)
    # Reloading the same page (the same people) within a few minutes is the same look: recorded
    # once, with the time it began. Otherwise a busy morning of reloads at the check-in desk
    # writes hundreds of rows per caregiver, which tell her nothing more.
    seen = f"events:replies-read:{request.user.pk}:{pk}:{hash(tuple(people))}"
    if people and cache.add(seen, True, SAME_LOOK_SECONDS):
        reads.record_reads(reader=request.user, subjects=people, what=ReadKind.RSVP_DETAILS, object_id=pk)
    return response


@policy.staff_required
def event_rsvps_csv(request, pk: int):
    """Every reply as a spreadsheet, for the day's lists: it leaves the portal, so staff say
    why they take it (kept with the record of the read, one row per caregiver in it)."""
    event = access.get_event_to_manage(request.user, pk)
    form = ReadReasonForm(request.POST or None, author=request.user)
    if request.method != "POST" or not form.is_valid():
        return render(request, "events/event_rsvps_csv.html", {"event": event, "form": form})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-rsvps.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [gettext("Name"), gettext("Email"), gettext("Phone"), gettext("Reply"), gettext("Adults"),
         gettext("Children 0-4"), gettext("Children 5-11"), gettext("Children 12-17"), gettext("Childminding"),
         gettext("Dietary"), gettext("Access needs"), gettext("Attendance")]
    )  # fmt: skip
    rows = list(
        event.rsvps.select_related("user", "user__caregiver_profile").order_by(
            "response", "waitlisted", "user__first_name"
        )
    )
    for rsvp in rows:
        profile = getattr(rsvp.user, "caregiver_profile", None)
        # Contact details only for people coming or waiting: a list that leaves the
        # office should not carry the numbers of people who said no.
        contact = rsvp.response == Response.GOING
        # A reply kept for the counts after its caregiver closed their account has no person.
        name, email = (rsvp.user.display_name, rsvp.user.email) if rsvp.user else (gettext("A former caregiver"), "")
        writer.writerow(
            [
                _csv_safe(name),
                _csv_safe(email) if contact else "",  # "=", "+" and "-" may start an address
                (profile.phone if profile else "") if contact else "",
                rsvp.state_label,
                *(getattr(rsvp, name) for name in HEAD_FIELDS),
                rsvp.childminding_for,
                _csv_safe(rsvp.dietary),
                _csv_safe(rsvp.access_needs),
                rsvp.get_attendance_display() if rsvp.attendance else "",
            ]
        )
    reads.record_reads(
        reader=request.user,
        subjects=[rsvp.user_id for rsvp in rows],
        what=ReadKind.CSV_EXPORT,
        object_id=event.pk,
        reason=form.cleaned_data["reason"],
    )
    return response


def _csv_safe(value: str) -> str:
    """Stop spreadsheet formula injection from free-text fields."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@policy.staff_required
def event_invitees(request, pk: int):
    """Invited-list events: who is invited, who has not answered, and the follow-up log."""
    event = access.get_event_to_manage(request.user, pk)
    if event.audience != Audience.INVITED:
        raise Http404("Only invited-list events have an invitation list.")
    add_form = AddInviteesForm(request.POST or None, event=event, user=request.user)
    if request.method == "POST" and add_form.is_valid():
        EventInvitee.objects.bulk_create(
            [EventInvitee(event=event, user=p.user) for p in add_form.cleaned_data["caregivers"]], ignore_conflicts=True
        )
        added = len(add_form.cleaned_data["caregivers"])
        messages.success(
            request,
            ngettext("Added %(n)d caregiver to the list.", "Added %(n)d caregivers to the list.", added) % {"n": added},
        )
        return redirect("event_invitees", pk=event.pk)
    answered = RSVP.objects.filter(event=event).values("user_id")
    links = event.invitee_links.select_related("user", "user__caregiver_profile").order_by(
        "user__first_name", "user__last_name"
    )
    unanswered = links.exclude(user_id__in=answered)
    follow_ups = FollowUp.objects.filter(event=event).select_related("caregiver", "by")
    log: dict[int, list] = {}
    for entry in follow_ups:
        log.setdefault(entry.caregiver_id, []).append(entry)
    rows = [
        {"user": link.user, "profile": getattr(link.user, "caregiver_profile", None), "log": log.get(link.user_id, [])}
        for link in unanswered
    ]
    # Each person listed, with their contact details and follow-ups, is a read (issue 15).
    reads.record_reads(
        reader=request.user, subjects=[row["user"] for row in rows], what=ReadKind.RSVP_DETAILS, object_id=event.pk
    )
    return render(
        request,
        "events/event_invitees.html",
        {
            "event": event,
            "rows": rows,
            "invited_count": links.count(),
            "answered_count": links.filter(user_id__in=answered).count(),
            "add_form": add_form,
            "follow_up_form": FollowUpForm(),
        },
    )


@require_POST
@policy.staff_required
def follow_up_create(request, pk: int, user_pk: int):
    """Log a call, text or email to someone invited to, or replying to, this event
    (from the invited list, or from the replies page when their text did not arrive)."""
    event = access.get_event_to_manage(request.user, pk)
    connected = Q(pk__in=event.invitee_links.values("user_id")) | Q(pk__in=event.rsvps.values("user_id"))
    caregiver = get_object_or_404(User.objects.filter(connected), pk=user_pk)
    # About the caregiver: checked against the names they protect (the writer has none of theirs).
    form = FollowUpForm(request.POST, author=request.user, about=caregiver)
    if form.is_valid():
        services.follow_up_log(event=event, caregiver=caregiver, by=request.user, **form.cleaned_data)
        messages.success(request, gettext("Follow-up with %(name)s recorded.") % {"name": caregiver.display_name})
    elif set(form.errors) <= {"note", free_text.CONFIRM}:
        # Only the note is wrong (the privacy guard): show it again with what was typed.
        return_to = "replies" if request.POST.get("return_to") == "replies" else "invitees"
        context = {"event": event, "person": caregiver, "form": form, "return_to": return_to}
        return render(request, "events/follow_up_form.html", context)
    else:
        messages.error(request, gettext("Choose how you followed up and what happened, then save again."))
    if request.POST.get("return_to") == "replies":
        return redirect("event_rsvps", pk=event.pk)
    return redirect("event_invitees", pk=event.pk)


@policy.staff_required
def event_check_in(request, pk: int):
    event = access.get_event_to_manage(request.user, pk)
    query = request.GET.get("q", "").strip()
    rsvps = event.rsvps.confirmed().select_related("user").order_by("user__first_name", "user__last_name")
    if query:
        rsvps = rsvps.filter(
            Q(user__first_name__icontains=query) | Q(user__last_name__icontains=query) | Q(user__email__icontains=query)
        )
    counts = event.rsvps.confirmed().aggregate(
        arrived=Count("pk", filter=Q(attendance=Attendance.ATTENDED)), households=Count("pk")
    )
    # Each household listed, with its heads and childminding, is a read of its reply (issue 15).
    rsvps = list(rsvps)
    reads.record_reads(
        reader=request.user, subjects=[r.user_id for r in rsvps], what=ReadKind.RSVP_DETAILS, object_id=event.pk
    )
    return render(
        request, "events/event_check_in.html", {"event": event, "rsvps": rsvps, "query": query, "counts": counts}
    )


@require_POST
@policy.staff_required
def rsvp_check_in(request, pk: int, rsvp_pk: int):
    event = access.get_event_to_manage(request.user, pk)
    rsvp = get_object_or_404(event.rsvps.confirmed().select_related("user"), pk=rsvp_pk)
    attendance = request.POST.get("attendance", Attendance.ATTENDED)
    if attendance not in Attendance.values:
        attendance = Attendance.ATTENDED
    services.rsvp_check_in(rsvp=rsvp, attendance=attendance, by=request.user)
    messages.success(
        request,
        gettext("%(name)s: %(attendance)s.")
        % {
            "name": rsvp.user.display_name if rsvp.user else gettext("A former caregiver"),
            "attendance": rsvp.get_attendance_display().lower(),
        },
    )
    url = reverse("event_check_in", kwargs={"pk": event.pk})
    query = request.POST.get("q", "")
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@policy.staff_required
def event_checklist(request, pk: int):
    event = access.get_event_to_manage(request.user, pk)
    items = event.checklist.select_related("done_by")
    return render(request, "events/event_checklist.html", {"event": event, "items": items})


@require_POST
@policy.staff_required
def checklist_toggle(request, pk: int, item_pk: int):
    event = access.get_event_to_manage(request.user, pk)
    item = get_object_or_404(ChecklistItem, event=event, pk=item_pk)
    services.checklist_set(item=item, done=request.POST.get("done") == "1", by=request.user)
    return redirect("event_checklist", pk=event.pk)


OUTBOX_PAGE_SIZE = 25


@policy.staff_required
def event_outbox(request, pk: int):
    """Staff: every message about one of their events, with its delivery status."""
    event = access.get_event_to_manage(request.user, pk)
    messages_sent = Message.objects.filter(event=event).select_related("recipient").order_by("-created_at", "-pk")
    status = request.GET.get("status", "")
    if status:
        messages_sent = messages_sent.filter(status=status)
    page = Paginator(messages_sent, OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/event_outbox.html", {"event": event, "page": page, "status": status})
