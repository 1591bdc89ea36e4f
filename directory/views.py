from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.lazy import lazy_context

from . import access, selectors, services
from .access import directory_users, managers_only, social_workers_only
from .forms import DirectoryFilterForm, ListingForm, SendListingForm, TrainingCompletionForm
from .models import Listing

PAGE_SIZE = 20
RECHECK_PAGE_SIZE = 50


def posted(request):
    # An empty POST is still a submission: its errors are shown.
    return request.POST if request.method == "POST" else None


@directory_users
def directory(request):
    user = request.user
    form = DirectoryFilterForm(request.GET or None)

    # Count and page through ids alone (best matches first when searching), then read the
    # page's twenty rows with their region, then their topics: the same four queries for
    # 20 listings as for 2,000 (tests/directory/test_directory.py). Lazily: a page from
    # the page cache runs none of them.
    def listing() -> dict:
        listings, text = form.filtered(Listing.objects.current(), user)
        ids = listings.ranked(text).values_list("pk", flat=True)
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        page_ids = list(page.object_list)
        rows = {
            row.pk: row
            for row in Listing.objects.filter(pk__in=page_ids).select_related("region").prefetch_related("topics")
        }
        # Staff are reminded of the listings in their care due for a recheck (one count).
        to_recheck = access.listings_to_curate(user).needs_recheck().count() if is_staff else 0
        return {"page": page, "listings": [rows[pk] for pk in page_ids if pk in rows], "to_recheck": to_recheck}

    is_staff = policy.is_staff_member(user)
    context = {
        "page_cache": True,
        **lazy_context(listing, ("page", "listings", "to_recheck")),
        "form": form,
        "is_staff": is_staff,
        "sees_training_report": access.can_see_training_report(user),
    }
    return render(request, "directory/directory.html", context)


@directory_users
def listing_detail(request, pk: int):
    user = request.user

    def details() -> dict:
        listing = access.get_listing_for_user(user, pk)
        return {
            "listing": listing,
            "topics": list(listing.topics.all()),
            "can_manage": access.can_manage_listing(user, listing),
            "can_send": access.can_send_listing(user, listing),
            "needs_recheck": listing.needs_recheck(),
        }

    names = ("listing", "topics", "can_manage", "can_send", "needs_recheck")
    return render(request, "directory/listing_detail.html", {"page_cache": True, **lazy_context(details, names)})


@policy.staff_required
def listing_create(request):
    form = ListingForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_save(
                listing=form.save(commit=False), topics=form.cleaned_data["topics"], saved_by=request.user
            )
        except services.DirectoryRefused as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, gettext("%(name)s is in the directory.") % {"name": listing.name})
            return redirect("listing_detail", pk=listing.pk)
    return render(request, "directory/listing_form.html", {"form": form})


@policy.staff_required
def listing_edit(request, pk: int):
    listing = access.get_listing_to_manage(request.user, pk)
    form = ListingForm(posted(request), instance=listing, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_save(
                listing=form.save(commit=False), topics=form.cleaned_data["topics"], saved_by=request.user
            )
        except services.DirectoryRefused as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, gettext("Changes saved."))
            return redirect("listing_detail", pk=listing.pk)
    return render(request, "directory/listing_form.html", {"form": form, "listing": listing})


@require_POST
@policy.staff_required
def listing_retire(request, pk: int):
    listing = access.get_listing_to_manage(request.user, pk)
    services.listing_retire(listing=listing, retired_by=request.user)
    messages.success(request, gettext("%(name)s is retired: caregivers no longer see it.") % {"name": listing.name})
    return redirect("listing_detail", pk=listing.pk)


@require_POST
@policy.staff_required
def listing_checked(request, pk: int):
    listing = access.get_listing_to_manage(request.user, pk)
    services.listing_mark_checked(listing=listing, checked_by=request.user)
    messages.success(request, gettext("%(name)s is marked as checked today.") % {"name": listing.name})
    if request.POST.get("next") == "recheck":
        return redirect("listing_recheck")
    return redirect("listing_detail", pk=listing.pk)


@policy.staff_required
def listing_recheck(request):
    """Listings in this person's care not checked for over a year, longest first."""
    ids = access.listings_to_curate(request.user).needs_recheck().order_by("last_checked", "pk")
    page = Paginator(ids.values_list("pk", flat=True), RECHECK_PAGE_SIZE).get_page(request.GET.get("page"))
    page_ids = list(page.object_list)
    rows = {row.pk: row for row in Listing.objects.filter(pk__in=page_ids).select_related("region")}
    listings = [rows[pk] for pk in page_ids]
    return render(request, "directory/listing_recheck.html", {"page": page, "listings": listings})


@social_workers_only
def listing_send(request, pk: int):
    listing = access.get_listing_for_user(request.user, pk)
    if listing.is_retired:
        messages.error(request, gettext("A retired listing cannot be sent."))
        return redirect("listing_detail", pk=listing.pk)
    caseload = policy.caseload_for(request.user).select_related("user").order_by("user__first_name", "user__last_name")
    form = SendListingForm(posted(request), caseload=caseload)
    if request.method == "POST" and form.is_valid():
        caregiver = form.chosen()
        sent = services.listing_send(listing=listing, caregiver=caregiver)
        if sent:
            messages.success(
                request,
                gettext("%(name)s is on its way to %(person)s.")
                % {"name": listing.name, "person": caregiver.display_name},
            )
        else:
            messages.warning(
                request,
                gettext("%(person)s has no way for us to contact them. Please check their contact details.")
                % {"person": caregiver.display_name},
            )
        return redirect("listing_detail", pk=listing.pk)
    return render(request, "directory/listing_send.html", {"form": form, "listing": listing})


@policy.caregiver_required
def training(request):
    form = TrainingCompletionForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            completion = services.training_record(
                user=request.user, listing=form.cleaned_data["listing"], completed_on=form.cleaned_data["completed_on"]
            )
        except services.DirectoryRefused as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, gettext("%(name)s is on your record.") % {"name": completion.listing.name})
            return redirect("training")
    completions = selectors.completions_of(request.user)
    return render(request, "directory/training.html", {"form": form, "completions": completions})


@managers_only
def training_report(request):
    rows = selectors.completions_by_region(policy.regions_for(request.user))
    return render(request, "directory/training_report.html", {"rows": rows, "small_number": selectors.SMALL_NUMBER})
