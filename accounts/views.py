from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from . import policy, reads
from .forms import CaregiverProfileForm, StaffReadFilterForm
from .lazy import lazy_context
from .models import CaregiverProfile, ReadKind, Role

PAGE_SIZE = 25


@policy.caregiver_required
def profile(request):
    # A caregiver account made in the admin may not have a profile yet.
    profile = get_object_or_404(CaregiverProfile.objects.select_related("region", "social_worker"), user=request.user)
    if request.method == "POST":
        form = CaregiverProfileForm(request.POST, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, gettext("Your details are saved."))
            return redirect("profile")
    else:
        form = CaregiverProfileForm(instance=profile)
    return render(request, "accounts/profile_form.html", {"form": form, "profile": profile})


@policy.staff_required
def caregiver_list(request):
    user = request.user
    scope = request.GET.get("scope") or ("mine" if user.role == Role.SOCIAL_WORKER else "all")
    query = request.GET.get("q", "").strip()

    def listing() -> dict:
        caregivers = policy.caseload_for(user) if scope == "mine" else policy.caregivers_visible_to(user)
        if query:
            caregivers = caregivers.filter(
                Q(user__first_name__icontains=query)
                | Q(user__last_name__icontains=query)
                | Q(user__email__icontains=query)
                | Q(locality__icontains=query)
            )
        caregivers = caregivers.select_related("user", "region", "social_worker").order_by(
            "user__first_name", "user__last_name", "pk"
        )
        return {"page": Paginator(caregivers, PAGE_SIZE).get_page(request.GET.get("page"))}

    # Lazily: when the page cache has this person's page, the list is not read.
    context = {"page_cache": True, **lazy_context(listing, ("page",)), "scope": scope, "query": query}
    return render(request, "accounts/caregiver_list.html", context)


@policy.staff_required
def caregiver_detail(request, pk: int):
    profile = policy.get_caregiver_for_user(request.user, pk)
    reads.record_read(reader=request.user, subject=profile.user, what=ReadKind.RECORD, object_id=profile.pk)
    return render(
        request,
        "accounts/caregiver_detail.html",
        {
            "profile": profile,
            "languages": profile.languages.all(),
            "topics": profile.topics.all(),
        },
    )


READS_PAGE_SIZE = 50


@policy.caregiver_required
def who_looked(request):
    """Who from the agency looked at this caregiver's record, care map, replies, answers or
    put them in a spreadsheet, and when: newest first. Not page-cached: always current."""
    page = Paginator(reads.reads_of(request.user), READS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/who_looked.html", {"page": page})


@policy.manager_required
def staff_reads(request):
    """Managers review staff reads of caregivers in their regions, by staff member and period:
    counts per staff member, then every read, newest first, with the caregiver's name."""
    form = StaffReadFilterForm(request.GET or None)
    found = reads.reads_visible_to(request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        # Whole days in the current time zone (Django converts ``at`` for ``__date``).
        if data["start"]:
            found = found.filter(at__date__gte=data["start"])
        if data["end"]:
            found = found.filter(at__date__lte=data["end"])
        if data["reader"]:
            found = found.filter(reader_id=data["reader"])
    elif form.is_bound:
        found = found.none()  # the form says what to fix; nothing half-filtered is listed
    names = ("reader_id", "reader__first_name", "reader__last_name", "reader__email")
    per_reader = (
        found.order_by()
        .values_list(*names, "reader__staff_profile__job_title")
        .annotate(n=Count("pk"))
        .order_by("-n", "reader__first_name", "reader__last_name", "reader_id")
    )
    counts = [
        {"pk": pk, "name": f"{first} {last}".strip() or email, "job_title": title, "n": n}
        for pk, first, last, email, title, n in per_reader
    ]
    rows = found.select_related("reader", "reader__staff_profile", "subject")
    page = Paginator(rows, READS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/staff_reads.html", {"form": form, "counts": counts, "page": page})


@require_POST
def language_set(request):
    """The language switcher (every page's footer, and the profile page): Django's
    ``set_language`` remembers the choice in a cookie and goes back to ``next``; a
    signed-in person's choice is also kept on their account, so it follows them to other
    devices and into the emails and texts we send them."""
    response = set_language(request)
    code = request.POST.get("language")
    user = request.user
    if user.is_authenticated and code in dict(settings.LANGUAGES) and user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return response
