from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from accounts import free_text, policy
from accounts.lazy import RespondInstead, lazy_context, render_lazily
from accounts.models import Role

from . import access, fragments, selectors, services
from .forms import (
    AgreementAcceptForm,
    AgreementEditForm,
    AttendanceForm,
    GroupFilterForm,
    GroupForm,
    HandOverForm,
    HubAnswerForm,
    HubRequestForm,
    JoinRequestForm,
    MeetingCancelForm,
    MeetingEditForm,
    MeetingForm,
    MeetingRolesForm,
)
from .models import Group, HubRequest, JoiningPolicy, Meeting, MeetingRole, MemberRole, Membership, MembershipStatus

PAGE_SIZE = 20

signed_in_roles = policy.role_required(Role.CAREGIVER, Role.SOCIAL_WORKER, Role.MANAGER)


def _refused(form, exc: services.GroupRefused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _refused_acceptance(form: AgreementAcceptForm, exc: services.GroupRefused, group: Group) -> AgreementAcceptForm:
    """The form to show after an acceptance was refused. When the agreement changed while it
    was read, the form for the version now shown (its number in the hidden field, the box
    to tick again for the new text), or every later attempt would be refused too."""
    current = group.current_agreement()
    if current is None or form.cleaned_data.get("number") == current.number:
        _refused(form, exc)
        return form
    fresh = AgreementAcceptForm({"number": current.number})
    fresh.full_clean()
    fresh.errors.clear()  # not "tick the box": only why they are asked again
    fresh.add_error(None, exc.message)
    return fresh


@signed_in_roles
def group_list(request):
    user = request.user
    profile = getattr(user, "caregiver_profile", None)
    initial = {"region": profile.region_id} if profile else {}
    form = GroupFilterForm(request.GET or None, initial=initial, caregiver=profile is not None)

    # Page through the groups' ids, then read the page's twenty rows with their member count
    # and this person's status. Lazily: when the page cache has this person's page
    # (peersupport/pagecache.py), none of it runs.
    def listing() -> dict:
        groups = access.groups_visible_to(user)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        if not form.is_bound and profile is not None:
            groups = groups.filter(region_id=profile.region_id)
        if data.get("region"):
            groups = groups.filter(region_id=data["region"])
        if data.get("kind"):
            groups = groups.filter(kind=data["kind"])
        if data.get("theme"):
            groups = groups.filter(theme=data["theme"])
        if data.get("suits_me") and profile is not None:
            groups = groups.suiting(
                weekday_daytime=profile.available_weekday_daytime,
                weekday_evening=profile.available_weekday_evening,
                weekend=profile.available_weekend,
            )
        ids = groups.order_by("name", "pk").values_list("pk", flat=True)
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = list(
            Group.objects.filter(pk__in=list(page.object_list))
            .select_related("region")
            .with_member_count()
            .with_status_of(user)
            .order_by("name", "pk")
        )
        return {"page": page, "groups": shown, "cards_key": fragments.group_list_key(shown)}

    context = {
        "page_cache": True,
        **lazy_context(listing, ("page", "groups", "cards_key")),
        "form": form,
        "profile": profile,
        "can_create": access.can_create_groups(user),
    }
    return render(request, "groups/group_list.html", context)


@policy.staff_required
def group_create(request):
    if not access.can_create_groups(request.user):
        raise PermissionDenied
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        group = services.group_create(created_by=request.user, **form.cleaned_data)
        messages.success(request, gettext("The group is ready. Schedule its first meeting next."))
        return redirect("group_detail", pk=group.pk)
    return render(request, "groups/group_form.html", {"form": form})


@signed_in_roles
def group_edit(request, pk: int):
    group, _membership = access.get_group_to_manage(request.user, pk)
    form = GroupForm(request.POST or None, instance=group, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(group=form.instance, changed=form.changed_data)
        except services.GroupRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, gettext("The group's details are saved."))
            return redirect("group_detail", pk=group.pk)
    return render(request, "groups/group_form.html", {"form": form, "group": group})


@require_POST
@policy.caregiver_required
def group_hosting(request, pk: int):
    group, membership, go = _member_page(request, pk)
    if go:
        return go
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise Http404("Not a member.")
    willing = request.POST.get("willing") == "yes"
    services.hosting_set(membership=membership, willing=willing)
    if willing:
        messages.success(request, gettext("Thank you: facilitators may ask you to host a meeting."))
    else:
        messages.success(request, gettext("Noted: you will not be suggested as a host."))
    return redirect("group_detail", pk=group.pk)


@signed_in_roles
def group_detail(request, pk: int):
    """The group page: public facts for everyone who may browse it; meetings and
    facilitators for members (once they accept the agreement) and staff."""
    user = request.user

    # Everything, the group and the access decisions included, is read only when the page is
    # drawn: a page from the page cache was drawn for this person after the same checks
    # passed, under generations that any change to the group, its members or its agreement
    # moves (peersupport/pagecache.py). A member who owes the agreement is sent to it.
    def content() -> dict:
        group = access.get_group_for_user(user, pk)
        membership = access.membership_of(user, group)
        if access.needs_agreement(membership, group):
            raise RespondInstead(redirect("group_agreement", pk=group.pk))
        is_member = membership is not None and membership.status == MembershipStatus.ACTIVE
        sees_content = access.can_see_members(user, group, membership)
        can_manage = access.can_manage(user, group, membership)
        shows_health = can_manage or (policy.is_staff_member(user) and user.role == Role.MANAGER)
        shown = {
            "group": group,
            "membership": membership,
            "is_member": is_member,
            "sees_content": sees_content,
            "can_manage": can_manage,
            "member_count": selectors.active_members(group).count(),
            "upcoming": None,
            "facilitators": None,
        }
        if sees_content:
            upcoming = selectors.meetings_of(group, upcoming=True, reply_of=user if is_member else None)
            shown["upcoming"] = list(upcoming[:5])
            shown["facilitators"] = list(selectors.active_members(group).filter(role=MemberRole.FACILITATOR))
        shown["health"] = selectors.group_health(group) if shows_health else None
        shown["request_count"] = group.memberships.requested().count() if can_manage else 0
        return shown

    names = ("group", "membership", "is_member", "sees_content", "can_manage", "member_count", "upcoming")
    names += ("facilitators", "health", "request_count")
    context = {"page_cache": True, **lazy_context(content, names)}
    return render_lazily(request, "groups/group_detail.html", context)


def _member_page(request, pk: int):
    """Member-only pages: 404 for outsiders, and the agreement first for members who owe it."""
    group, membership = access.get_group_for_member(request.user, pk)
    if access.needs_agreement(membership, group):
        return group, membership, redirect("group_agreement", pk=group.pk)
    return group, membership, None


@signed_in_roles
def group_members(request, pk: int):
    # Read only when drawn, the access check included (as on the group page).
    def listing() -> dict:
        group, membership, go = _member_page(request, pk)
        if go:
            raise RespondInstead(go)
        return {
            "group": group,
            "members": list(selectors.active_members(group).order_by("-role", "user__first_name", "pk")),
            "can_manage": access.can_manage(request.user, group, membership),
        }

    context = {"page_cache": True, **lazy_context(listing, ("group", "members", "can_manage"))}
    return render_lazily(request, "groups/group_members.html", context)


@signed_in_roles
def group_meetings(request, pk: int):
    group, membership, go = _member_page(request, pk)
    if go:
        return go
    return render(
        request,
        "groups/group_meetings.html",
        {
            "group": group,
            "upcoming": list(selectors.meetings_of(group, upcoming=True)[:50]),
            "past": list(selectors.meetings_of(group, upcoming=False)[:20]),
            "can_manage": access.can_manage(request.user, group, membership),
        },
    )


@policy.caregiver_required
def group_join(request, pk: int):
    """Ask to join (a short message) or, for an open group, accept the agreement and join."""
    group = access.get_group_for_user(request.user, pk)
    membership = access.membership_of(request.user, group)
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        return redirect("group_detail", pk=group.pk)
    agreement = group.current_agreement()
    is_open = group.joining_policy == JoiningPolicy.OPEN
    if is_open:
        form = AgreementAcceptForm(request.POST or None, initial={"number": agreement.number if agreement else 0})
    else:
        form = JoinRequestForm(request.POST or None, author=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if is_open:
                services.membership_join(group=group, user=request.user, agreement_number=form.cleaned_data["number"])
            else:
                services.membership_request(group=group, user=request.user, message=form.cleaned_data["message"])
        except services.GroupRefused as exc:
            if is_open:
                form = _refused_acceptance(form, exc, group)
                agreement = group.current_agreement()
            else:
                _refused(form, exc)
        else:
            if is_open:
                messages.success(request, gettext("Welcome to %(group)s.") % {"group": group.name})
            else:
                messages.success(
                    request,
                    gettext("You asked to join %(group)s. We will tell you when a facilitator answers.")
                    % {"group": group.name},
                )
            return redirect("group_detail", pk=group.pk)
    return render(
        request,
        "groups/group_join.html",
        {"group": group, "form": form, "agreement": agreement, "is_open": is_open, "membership": membership},
    )


@policy.caregiver_required
def group_agreement(request, pk: int):
    """A member reads and accepts the current agreement (again, after a change)."""
    group, membership = access.get_group_for_member(request.user, pk)
    agreement = group.current_agreement()
    accepted = membership is not None and membership.has_accepted(agreement)
    form = AgreementAcceptForm(request.POST or None, initial={"number": agreement.number if agreement else 0})
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_accept(membership=membership, number=form.cleaned_data["number"])
        except services.GroupRefused as exc:
            form = _refused_acceptance(form, exc, group)
            agreement = group.current_agreement()
        else:
            messages.success(request, gettext("Thank you for accepting the group agreement."))
            return redirect("group_detail", pk=group.pk)
    return render(
        request,
        "groups/group_agreement.html",
        {"group": group, "form": form, "agreement": agreement, "accepted": accepted, "membership": membership},
    )


@require_POST
@policy.caregiver_required
def group_leave(request, pk: int):
    group = access.get_group_for_user(request.user, pk)
    membership = access.membership_of(request.user, group)
    if membership is None:
        return redirect("group_detail", pk=group.pk)
    was_request = membership.status == MembershipStatus.REQUESTED
    services.membership_leave(membership=membership)
    if was_request:
        messages.success(request, gettext("Your request to join %(group)s is withdrawn.") % {"group": group.name})
    else:
        messages.success(request, gettext("You have left %(group)s.") % {"group": group.name})
    return redirect("group_list")


# --- Facilitators ----------------------------------------------------------------------


@signed_in_roles
def group_requests(request, pk: int):
    group, _membership = access.get_group_to_manage(request.user, pk)
    requests = group.memberships.requested().select_related("user").order_by("requested_at", "pk")
    return render(request, "groups/group_requests.html", {"group": group, "requests": requests})


@require_POST
@signed_in_roles
def membership_decide(request, pk: int, membership_pk: int):
    group, _membership = access.get_group_to_manage(request.user, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, group=group)
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        # Only the two buttons decide: anything else would have declined (and told them).
        messages.error(request, gettext("Choose approve or decline."))
        return redirect("group_requests", pk=group.pk)
    approve = decision == "approve"
    try:
        if approve:
            services.membership_approve(membership=membership, by=request.user)
        else:
            services.membership_decline(membership=membership, by=request.user)
    except services.GroupRefused as exc:
        messages.error(request, exc.message)
    else:
        name = membership.display_name
        if approve:
            messages.success(request, gettext("%(name)s is now a member. We have told them.") % {"name": name})
        else:
            messages.success(request, gettext("You declined %(name)s's request. We have told them.") % {"name": name})
    return redirect("group_requests", pk=group.pk)


@signed_in_roles
def agreement_edit(request, pk: int):
    group, _membership = access.get_group_to_manage(request.user, pk)
    current = group.current_agreement()
    initial = {"number": (current.number + 1) if current else 1, "text": current.text if current else ""}
    form = AgreementEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(group=group, by=request.user, **form.cleaned_data)
        except services.GroupRefused as exc:
            _refused(form, exc)
        else:
            messages.success(
                request, gettext("The new agreement is saved. Members accept it on their next visit to the group.")
            )
            return redirect("group_detail", pk=group.pk)
    return render(request, "groups/agreement_form.html", {"group": group, "form": form, "current": current})


@signed_in_roles
def meeting_create(request, pk: int):
    group, _membership = access.get_group_to_manage(request.user, pk)
    form = MeetingForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = {name: data[name] for name in ("venue_name", "venue_address", "online_url")}
        try:
            if data["repeat"] > 1:
                first = timezone.localtime(data["starts_at"], group.region.tzinfo).date()
                made = services.meeting_series_create(
                    group=group, by=request.user, first=first, count=data["repeat"], **place
                )
            else:
                made = [
                    services.meeting_create(
                        group=group, by=request.user, starts_at=data["starts_at"], ends_at=data["ends_at"], **place
                    )
                ]
        except services.GroupRefused as exc:
            _refused(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Scheduled %(n)d meeting. Members can reply from the group page.",
                    "Scheduled %(n)d meetings. Members can reply from the group page.",
                    len(made),
                )
                % {"n": len(made)},
            )
            return redirect("group_meetings", pk=group.pk)
    return render(request, "groups/meeting_form.html", {"group": group, "form": form})


@signed_in_roles
def meeting_edit(request, pk: int, meeting_pk: int):
    """Change a meeting's time or place: the group's facilitators (caregivers included) and its
    region's social workers, with the form and checks used to schedule it."""
    group, _membership = access.get_group_to_manage(request.user, pk)
    meeting = get_object_or_404(Meeting.objects.select_related("event", "event__region"), pk=meeting_pk, group=group)
    event = meeting.event
    if event.status == "cancelled" or event.starts_at <= timezone.now():
        messages.error(request, gettext("A meeting that is cancelled or has started cannot be changed."))
        return redirect("meeting_manage", pk=group.pk, meeting_pk=meeting.pk)
    # Typed times are in the region's time (MeetingForm.clean): show them so, without a zone.
    tz = group.region.tzinfo
    initial = {
        "starts_at": timezone.make_naive(event.starts_at, tz),
        "ends_at": timezone.make_naive(event.ends_at, tz),
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "online_url": event.online_url,
    }
    form = MeetingEditForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, **form.cleaned_data)
        except services.GroupRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, gettext("Changes saved. Members going are told of a new time or place."))
            return redirect("group_meetings", pk=group.pk)
    return render(request, "groups/meeting_edit.html", {"group": group, "meeting": meeting, "form": form})


@signed_in_roles
def meeting_manage(request, pk: int, meeting_pk: int):
    """Per-meeting roles (with the host suggestion) and attendance."""
    group, _membership = access.get_group_to_manage(request.user, pk)
    meeting = get_object_or_404(Meeting.objects.select_related("event", "event__region"), pk=meeting_pk, group=group)
    members = list(selectors.active_members(group).order_by("user__first_name", "pk"))
    current_roles = {r.role: r.user_id for r in MeetingRole.objects.filter(meeting=meeting)}
    suggestion = selectors.host_suggestion(group)
    roles_form = MeetingRolesForm(
        request.POST if request.POST.get("form") == "roles" else None, members=members, initial=current_roles
    )
    attendance_form = AttendanceForm(
        request.POST if request.POST.get("form") == "attendance" else None,
        members=members,
        initial={"attended": [a.user_id for a in meeting.attendance.filter(attended=True)]},
    )
    cancel_form = MeetingCancelForm(request.POST if request.POST.get("form") == "cancel" else None)
    if request.method == "POST":
        by_id = {m.user_id: m.user for m in members}
        if cancel_form.is_bound and cancel_form.is_valid():
            try:
                services.meeting_cancel(meeting=meeting, reason=cancel_form.cleaned_data["reason"])
            except services.GroupRefused as exc:
                _refused(cancel_form, exc)
            else:
                messages.success(request, gettext("The meeting is cancelled. Everyone going has been told."))
                return redirect("group_meetings", pk=group.pk)
        if roles_form.is_bound and roles_form.is_valid():
            services.meeting_roles_set(
                meeting=meeting, roles={role: by_id.get(uid) for role, uid in roles_form.cleaned_data.items()}
            )
            messages.success(request, gettext("Roles saved."))
            return redirect("meeting_manage", pk=group.pk, meeting_pk=meeting.pk)
        if attendance_form.is_bound and attendance_form.is_valid():
            try:
                services.attendance_record(
                    meeting=meeting,
                    attended_ids=set(attendance_form.cleaned_data["attended"]),
                    member_ids=list(by_id),
                    by=request.user,
                )
            except services.GroupRefused as exc:
                _refused(attendance_form, exc)
            else:
                messages.success(request, gettext("Attendance saved."))
                return redirect("meeting_manage", pk=group.pk, meeting_pk=meeting.pk)
    return render(
        request,
        "groups/meeting_manage.html",
        {
            "group": group,
            "meeting": meeting,
            "roles_form": roles_form,
            "attendance_form": attendance_form,
            "cancel_form": cancel_form,
            "suggestion": suggestion[0] if suggestion else None,
            "is_past": meeting.event.starts_at <= timezone.now(),
        },
    )


@signed_in_roles
def facilitation_hand_over(request, pk: int):
    group, membership = access.get_group_to_manage(request.user, pk)
    members = list(selectors.active_members(group).filter(role=MemberRole.MEMBER).order_by("user__first_name"))
    form = HandOverForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        to = get_object_or_404(Membership, pk=form.cleaned_data["to"], group=group)
        from_ = membership if membership is not None and membership.role == MemberRole.FACILITATOR else None
        try:
            services.facilitation_hand_over(group=group, to=to, from_=from_)
        except services.GroupRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, gettext("%(name)s now facilitates the group.") % {"name": to.display_name})
            return redirect("group_detail", pk=group.pk)
    return render(request, "groups/hand_over.html", {"group": group, "form": form})


# --- Constellations ----------------------------------------------------------------------


@signed_in_roles
def hub_requests(request, pk: int):
    """Satellites ask the hub and see their own requests; the hub answers them all; the
    group's social workers read the log."""
    group, membership, go = _member_page(request, pk)
    if go:
        return go
    if not group.is_constellation:
        raise Http404("Not a constellation.")
    satellite = access.is_satellite(membership)
    log = HubRequest.objects.filter(group=group).select_related("satellite").order_by("-created_at", "-pk")
    if satellite:
        log = log.filter(satellite=request.user)
    form = HubRequestForm(request.POST or None, author=request.user) if satellite else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.hub_request_create(group=group, satellite=request.user, **form.cleaned_data)
        except services.GroupRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, gettext("Your request is with the hub. We will tell you the answer."))
            return redirect("hub_requests", pk=group.pk)
    return render(
        request,
        "groups/hub_requests.html",
        {
            "group": group,
            "requests": list(log[:100]),
            "form": form,
            "is_hub": access.is_hub(membership),
        },
    )


@require_POST
@signed_in_roles
def hub_request_answer(request, pk: int, request_pk: int):
    group, membership, go = _member_page(request, pk)
    if go:
        return go
    if not group.is_constellation:
        raise Http404("Not a constellation.")
    if not access.is_hub(membership):
        raise PermissionDenied
    hub_request = get_object_or_404(HubRequest, pk=request_pk, group=group)
    form = HubAnswerForm(request.POST, author=request.user)
    if not form.is_valid() and set(form.errors) <= {"answer", free_text.CONFIRM}:
        # Only the note is wrong (the privacy guard): show it again with what was typed.
        context = {"group": group, "hub_request": hub_request, "form": form}
        return render(request, "groups/hub_answer_form.html", context)
    if not form.is_valid():
        messages.error(request, gettext("Choose yes or not this time, then send your answer."))
        return redirect("hub_requests", pk=group.pk)
    try:
        services.hub_request_answer(
            hub_request=hub_request,
            agreed=form.cleaned_data["decision"] == "agree",
            answer=form.cleaned_data["answer"],
            by=request.user,
        )
    except services.GroupRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("Your answer is sent."))
    return redirect("hub_requests", pk=group.pk)
