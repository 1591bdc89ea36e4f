"""Closing an account: the caregiver's page (ask, withdraw) and staff's list (confirm, decline)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts import policy

from . import access, closure
from .forms import CloseForm, DeclineForm
from .models import ClosureRequest, ClosureStatus

# The download page lives beside this one (issue 15, item 1); a plain path while it is built.
DOWNLOAD_PATH = "/my-data/"


@policy.caregiver_required
def close(request):
    """What closing does; the request with its confirmation box; waiting, withdraw; a reason for "not yet"."""
    latest = ClosureRequest.objects.filter(user=request.user).first()
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        closure.closure_request(user=request.user)
        messages.success(request, gettext("Your request has been sent to your social worker."))
        return redirect("mydata:close")
    return render(
        request,
        "mydata/close.html",
        {
            "form": form,
            "open_request": latest if latest and latest.status == ClosureStatus.REQUESTED else None,
            "declined": latest if latest and latest.status == ClosureStatus.DECLINED else None,
            "download_path": DOWNLOAD_PATH,
        },
    )


@require_POST
@policy.caregiver_required
def close_withdraw(request):
    open_request = ClosureRequest.objects.filter(user=request.user, status=ClosureStatus.REQUESTED).first()
    if open_request:
        closure.closure_withdraw(closure=open_request, user=request.user)
        messages.success(request, gettext("You have withdrawn your request. Your account stays open."))
    return redirect("mydata:close")


@policy.staff_required
def closures(request):
    requests = (
        access.closures_visible_to(request.user)
        .select_related("user__caregiver_profile__region")
        .order_by("requested_at", "pk")
    )
    return render(request, "mydata/closures.html", {"requests": requests})


@require_POST
@policy.staff_required
def closure_confirm(request, pk: int):
    request_row = access.get_closure_to_decide(request.user, pk)
    closure.closure_confirm(closure=request_row, by=request.user)
    messages.success(request, gettext("The account is closed and its data erased."))
    return redirect("mydata:closures")


@policy.staff_required
def closure_decline(request, pk: int):
    request_row = access.get_closure_to_decide(request.user, pk)
    form = DeclineForm(request.POST if request.method == "POST" else None, author=request.user)
    if request.method == "POST" and form.is_valid():
        closure.closure_decline(closure=request_row, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, gettext("The caregiver has been told their account is not closed yet."))
        return redirect("mydata:closures")
    return render(request, "mydata/closure_decline.html", {"closure": request_row, "form": form})
