"""The care map pages: the caregiver's own map (add, change, remove, share, stop sharing)
and the read-only copy their social worker sees while it is shared. Rules in
``directory.caremap``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.lazy import lazy_context

from . import caremap
from .access import social_workers_only
from .forms import CareMapEntryForm

MY_MAP_NAMES = ("rings", "drawing", "next_steps", "share", "social_worker", "reads", "entry_count")


def posted(request):
    # An empty POST is still a submission: its errors are shown.
    return request.POST if request.method == "POST" else None


def entry_form(request, **kwargs) -> CareMapEntryForm:
    user = request.user
    return CareMapEntryForm(posted(request), user=user, groups=lambda: caremap.group_choices(user), **kwargs)


@policy.caregiver_required
def my_caremap(request):
    """The map drawn and listed, the form to add to it, sharing, reads and next steps.

    Lazily (accounts.lazy): a page from the page cache runs none of the queries."""
    user = request.user
    form = entry_form(request)
    if request.method == "POST" and form.is_valid():
        entry = caremap.entry_save(entry=form.save(commit=False), owner=user)
        messages.success(request, gettext("%(label)s is on your care map.") % {"label": entry.label})
        return redirect("caremap")

    def mine() -> dict:
        entries = caremap.entries_of(user)
        profile = caremap.profile_of(user)
        return {
            "rings": caremap.by_ring(entries),
            "drawing": caremap.layout(entries),
            "next_steps": caremap.next_steps(user, entries, profile),
            "share": caremap.open_share_of(user),
            "social_worker": profile.social_worker if profile is not None else None,
            "reads": caremap.reads_of(user),
            "entry_count": len(entries),
        }

    context = {"page_cache": True, **lazy_context(mine, MY_MAP_NAMES), "form": form}
    return render(request, "directory/caremap/my_map.html", context)


@policy.caregiver_required
def caremap_entry_edit(request, pk: int):
    entry = caremap.get_entry_for_owner(request.user, pk)
    form = entry_form(request, instance=entry)
    if request.method == "POST" and form.is_valid():
        caremap.entry_save(entry=form.save(commit=False), owner=request.user)
        messages.success(request, gettext("Changes saved."))
        return redirect("caremap")
    return render(request, "directory/caremap/entry_form.html", {"form": form, "entry": entry})


@require_POST
@policy.caregiver_required
def caremap_entry_remove(request, pk: int):
    entry = caremap.get_entry_for_owner(request.user, pk)
    caremap.entry_remove(entry=entry, owner=request.user)
    messages.success(request, gettext("%(label)s is off your care map.") % {"label": entry.label})
    return redirect("caremap")


@require_POST
@policy.caregiver_required
def caremap_share(request):
    try:
        share = caremap.share_start(owner=request.user)
    except caremap.CareMapRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            gettext("Your care map is shared with %(name)s. You can stop sharing at any time.")
            % {"name": share.social_worker.display_name},
        )
    return redirect("caremap")


@require_POST
@policy.caregiver_required
def caremap_stop_sharing(request):
    if caremap.share_stop(owner=request.user):
        messages.success(
            request, gettext("You stopped sharing your care map. Your social worker can no longer see it.")
        )
    return redirect("caremap")


@social_workers_only
def caremap_shared(request, pk: int):
    """A caregiver's shared map, read-only, for their own social worker; the read is recorded.

    Not in the page cache: every visit is a read the caregiver is told about."""
    profile, share = caremap.get_shared_map_for_worker(request.user, pk)
    caremap.read_record(owner=profile.user, reader=request.user, share=share)
    entries = caremap.entries_of(profile.user)
    context = {
        "profile": profile,
        "share": share,
        "rings": caremap.by_ring(entries),
        "drawing": caremap.layout(entries),
        "entry_count": len(entries),
    }
    return render(request, "directory/caremap/shared_map.html", context)
