from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts import policy

from . import access, services
from .forms import InvitationAcceptForm, InvitationForm

PAGE_SIZE = 25


@policy.staff_required
def invitation_list(request):
    invitations = access.invitations_visible_to(request.user).select_related("region", "invited_by", "accepted_user")
    show = request.GET.get("show", "open")
    if show == "open":
        invitations = invitations.open()
    page = Paginator(invitations.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "invitations/invitation_list.html", {"page": page, "show": show})


@policy.staff_required
def invitation_create(request):
    if request.method == "POST":
        form = InvitationForm(request.POST, user=request.user)
        if form.is_valid():
            invitation = services.invitation_create(invited_by=request.user, **form.cleaned_data)
            messages.success(
                request,
                gettext("Invitation sent to %(email)s. The link works for 14 days.") % {"email": invitation.email},
            )
            return redirect("invitation_list")
    else:
        form = InvitationForm(user=request.user)
    return render(request, "invitations/invitation_form.html", {"form": form})


@require_POST
@policy.staff_required
def invitation_revoke(request, pk: int):
    invitation = access.get_invitation_for_user(request.user, pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(
        request,
        gettext("The invitation to %(email)s is cancelled. Its link no longer works.") % {"email": invitation.email},
    )
    return redirect("invitation_list")


@require_POST
@policy.staff_required
def invitation_resend(request, pk: int):
    invitation = access.get_invitation_for_user(request.user, pk)
    if invitation.accepted_at:
        messages.error(request, gettext("%(email)s has already joined.") % {"email": invitation.email})
        return redirect("invitation_list")
    fresh = services.invitation_resend(invitation=invitation, by=request.user)
    messages.success(
        request,
        gettext("A new invitation link was sent to %(email)s. The old link no longer works.") % {"email": fresh.email},
    )
    return redirect("invitation_list")


_INVALID_LINK = {
    "invalid": (404, _("This invitation link is not valid"), _("The link may have been copied incompletely.")),
    "accepted": (
        410,
        _("This invitation has already been used"),
        _("You can sign in with the email address it was sent to."),
    ),
    "expired": (410, _("This invitation has expired"), _("Invitation links work for 14 days.")),
    "revoked": (
        410,
        _("This invitation has been replaced or cancelled"),
        _("A newer invitation may be in your email."),
    ),
}


def invitation_accept(request, uid, token: str):
    """Public: the invited caregiver sets their name and password, then completes their profile."""
    invitation = services.invitation_from_link(uid=str(uid), token=token)
    state = "invalid" if invitation is None else invitation.state
    if state != "pending":
        return _invitation_unusable(request, state)
    if request.user.is_authenticated:
        return render(request, "invitations/invitation_signed_in.html", {"invitation": invitation}, status=409)
    if request.method == "POST":
        form = InvitationAcceptForm(request.POST, invitation=invitation)
        if form.is_valid():
            try:
                user = services.invitation_accept(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
            except services.InvitationNotUsable as exc:
                return _invitation_unusable(request, exc.state)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, gettext("Welcome! Your account is ready. Please check and complete your details.")
            )
            return redirect("profile")
    else:
        form = InvitationAcceptForm(invitation=invitation)
    return render(request, "invitations/invitation_accept.html", {"form": form, "invitation": invitation})


def _invitation_unusable(request, state: str):
    status, title, detail = _INVALID_LINK[state]
    return render(
        request,
        "invitations/invitation_invalid.html",
        {"title": title, "detail": detail, "state": state},
        status=status,
    )
