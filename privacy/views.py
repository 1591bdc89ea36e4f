from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.lazy import lazy_context
from accounts.models import Role
from groups import access as group_access
from groups import services as group_services

from . import access, guard, services
from .forms import HideForm, PostForm, ProtectedNameForm, ReportForm, RetentionForm, ThreadForm
from .models import Post, PostStatus, ProtectedName, ReadMarker, Report, Thread

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 50

signed_in_roles = policy.role_required(Role.CAREGIVER, Role.SOCIAL_WORKER, Role.MANAGER)


# --- The guard's findings on a form ---------------------------------------------------------


def _segments(text: str, findings) -> list[dict]:
    """The text in pieces, each finding its own piece, for highlighting."""
    pieces, pos = [], 0
    for f in findings:
        if f.start > pos:
            pieces.append({"text": text[pos : f.start]})
        pieces.append({"text": text[f.start : f.end], "finding": f})
        pos = f.end
    if pos < len(text):
        pieces.append({"text": text[pos:]})
    return pieces


def _guard_view(text: str, findings, *, blocking: bool) -> dict:
    return {
        "findings": [{"finding": f, "text": text[f.start : f.end], "value": f"{f.start}:{f.end}"} for f in findings],
        "segments": _segments(text, findings),
        "blocking": blocking,
    }


def _redacted(request, data, user) -> tuple[dict, bool]:
    """A "replace" button: the body with that one finding (or all) replaced by its placeholder."""
    choice = request.POST.get("redact")
    if not choice:
        return data, False
    body = data.get("body", "")
    findings = services.check_text(user=user, text=body)
    if choice == "all":
        body = guard.redact(body, findings)
    else:
        chosen = [f for f in findings if f"{f.start}:{f.end}" == choice]
        body = guard.redact(body, chosen)
    data = data.copy()
    data["body"] = body
    data["confirmed"] = ""
    return data, True


def _guarded_post(request, form_class, user, save):
    """Shared posting flow: redact buttons, the guard's refusal, confirmation, then save."""
    guard_panel = None
    if request.method != "POST":
        return form_class(), None, None
    data, redacting = _redacted(request, request.POST, user)
    form = form_class(data)
    if redacting:
        body = data.get("body", "")
        findings = services.check_text(user=user, text=body)
        if findings:
            guard_panel = _guard_view(body, findings, blocking=any(f.high_risk for f in findings))
        else:
            messages.info(request, gettext("Nothing left that could identify a child. You can post it now."))
        return form, guard_panel, None
    if form.is_valid():
        try:
            outcome = save(form.cleaned_data)
        except services.PostRefused as exc:
            if exc.field == "title":
                # The title's findings are explained on the field (the buttons replace in the message).
                labels = ", ".join(sorted({str(f.label) for f in exc.findings}))
                form.add_error(
                    "title",
                    gettext("Please leave this out of the title: %(what)s.") % {"what": labels},
                )
                body = form.cleaned_data["body"]
                findings = services.check_text(user=user, text=body)
                if findings:
                    guard_panel = _guard_view(body, findings, blocking=any(f.high_risk for f in findings))
            else:
                guard_panel = _guard_view(form.cleaned_data["body"], exc.findings, blocking=exc.blocking)
        else:
            return form, None, outcome
    return form, guard_panel, None


def _after_post(request, outcome):
    if outcome.held:
        messages.info(request, gettext("Thank you. A facilitator will check your post before others see it."))
    else:
        messages.success(request, gettext("Your post is published."))
    return redirect("privacy_thread", pk=outcome.post.thread.group_id, thread_pk=outcome.post.thread_id)


def _notice_context(group, membership) -> dict:
    return {"agreement_link": access.is_member(membership)}


# --- Pages ------------------------------------------------------------------------------------


@signed_in_roles
def discussion(request, pk: int):
    group, membership, go = access.get_discussion(request.user, pk)
    if go:
        return go
    read = ReadMarker.objects.filter(thread=OuterRef("pk"), user=request.user).values("read_at")[:1]
    threads = (
        Thread.objects.filter(group=group)
        .annotate(
            post_count=Count("posts", filter=Q(posts__status=PostStatus.PUBLISHED)),
            read_at=Subquery(read),
        )
        .order_by("-last_post_at", "-pk")
    )
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    moderator = access.can_moderate(request.user, group, membership)
    return render(
        request,
        "privacy/discussion.html",
        {
            "group": group,
            "page": page,
            "threads": list(page.object_list),
            "is_member": access.is_member(membership),
            "can_moderate": moderator,
            "queue_count": _queue(group).count() if moderator else 0,
        },
    )


@signed_in_roles
def thread_create(request, pk: int):
    group, membership, go = access.get_discussion(request.user, pk)
    if go:
        return go

    def save(data):
        return services.thread_create(
            group=group, author=request.user, title=data["title"], body=data["body"], confirmed=data["confirmed"]
        )

    form, guard_panel, outcome = _guarded_post(request, ThreadForm, request.user, save)
    if outcome:
        return _after_post(request, outcome)
    return render(
        request,
        "privacy/thread_form.html",
        {"group": group, "form": form, "guard": guard_panel, **_notice_context(group, membership)},
    )


@require_POST
@signed_in_roles
def guard_check(request, pk: int):
    """Checks as you type (static/js/privacy-guard.js): the findings for the text sent, as JSON."""
    group, _membership, go = access.get_discussion(request.user, pk)
    if go:
        return JsonResponse({"findings": []}, status=409)
    text = request.POST.get("text", "")[:5000]
    findings = services.check_text(user=request.user, text=text)
    return JsonResponse(
        {
            "findings": [
                {
                    "text": text[f.start : f.end],
                    "category": f.category,
                    "label": str(f.label),
                    "explanation": str(f.explanation),
                    "placeholder": f.placeholder,
                    "high_risk": f.high_risk,
                }
                for f in findings
            ]
        }
    )


@signed_in_roles
def thread_detail(request, pk: int, thread_pk: int):
    group, membership, go = access.get_discussion(request.user, pk)
    if go:
        return go
    thread = access.get_thread(group, thread_pk)
    moderator = access.can_moderate(request.user, group, membership)

    def save(data):
        return services.post_create(thread=thread, author=request.user, body=data["body"], confirmed=data["confirmed"])

    form, guard_panel, outcome = _guarded_post(request, PostForm, request.user, save)
    if outcome:
        return _after_post(request, outcome)

    # The posts are read only when the page is drawn: a page-cache hit (peersupport/pagecache.py)
    # runs none of it; any post saved or moderated retires the cached page.
    def listing() -> dict:
        posts = access.visible_posts(request.user, thread, moderator=moderator).select_related("author")
        page = Paginator(posts.order_by("created_at", "pk"), POSTS_PER_PAGE).get_page(request.GET.get("page"))
        return {"page": page, "posts": list(page.object_list)}

    services.mark_read(user=request.user, thread=thread)
    return render(
        request,
        "privacy/thread.html",
        {
            "page_cache": True,
            **lazy_context(listing, ("page", "posts")),
            "group": group,
            "thread": thread,
            "form": form,
            "guard": guard_panel,
            "can_moderate": moderator,
            "is_member": access.is_member(membership),
            **_notice_context(group, membership),
        },
    )


@signed_in_roles
def post_report(request, pk: int, post_pk: int):
    group, membership, go = access.get_discussion(request.user, pk)
    if go:
        return go
    post = access.get_post(group, post_pk)
    if post.status != PostStatus.PUBLISHED:
        raise Http404("No such post.")
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_create(post=post, reporter=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, gettext("Thank you. The group's facilitators and social worker will look at it."))
        return redirect("privacy_thread", pk=group.pk, thread_pk=post.thread_id)
    return render(request, "privacy/report_form.html", {"group": group, "post": post, "form": form})


def _queue(group):
    reported = Report.objects.filter(resolved_at__isnull=True).values("post_id")
    return Post.objects.filter(thread__group=group).filter(Q(status=PostStatus.HELD) | Q(pk__in=reported))


def _get_moderator_discussion(request, pk: int):
    group, membership, go = access.get_discussion(request.user, pk)
    if go:
        return group, membership, go
    if not access.can_moderate(request.user, group, membership):
        raise Http404("No such page.")
    return group, membership, None


def _hide_form(post_pk: int, data=None) -> HideForm:
    return HideForm(data, prefix=f"hide-{post_pk}")


def _moderation_page(request, group, refused: HideForm | None = None, refused_pk: int | None = None):
    """The queue, each post with its own hiding form; ``refused`` is a hiding form that was
    sent without a reason, shown again with its error next to the field (and summarised)."""
    posts = list(
        _queue(group)
        .select_related("author", "thread")
        .annotate(report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .order_by("created_at", "pk")[:100]
    )
    for post in posts:
        post.hide_form = refused if post.pk == refused_pk else _hide_form(post.pk)
    context = {"group": group, "posts": posts, "form": refused}
    return render(request, "privacy/moderation.html", context)


@signed_in_roles
def moderation(request, pk: int):
    group, _membership, go = _get_moderator_discussion(request, pk)
    if go:
        return go
    return _moderation_page(request, group)


@require_POST
@signed_in_roles
def moderate(request, pk: int, post_pk: int):
    group, _membership, go = _get_moderator_discussion(request, pk)
    if go:
        return go
    post = access.get_post(group, post_pk)
    action = request.POST.get("action")
    if action == "publish":
        services.post_publish(post=post, by=request.user)
        messages.success(request, gettext("Published. The author has been told."))
    elif action == "redact":
        services.post_redact_publish(post=post, by=request.user)
        messages.success(request, gettext("Redacted and published. The author has been told."))
    elif action == "hide":
        form = _hide_form(post.pk, request.POST)
        if not form.is_valid():
            return _moderation_page(request, group, refused=form, refused_pk=post.pk)
        services.post_hide(post=post, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, gettext("Hidden. The author has been told."))
    else:
        messages.error(request, gettext("Choose what to do with the post."))
    return redirect("privacy_moderation", pk=group.pk)


@signed_in_roles
def retention(request, pk: int):
    group, _membership, go = _get_moderator_discussion(request, pk)
    if go:
        return go
    form = RetentionForm(request.POST or None, initial={"months": services.retention_months(group)})
    if request.method == "POST" and form.is_valid():
        services.retention_set(group=group, months=form.cleaned_data["months"])
        messages.success(request, gettext("Saved. Older posts are deleted within a day."))
        return redirect("privacy_discussion", pk=group.pk)
    return render(request, "privacy/retention_form.html", {"group": group, "form": form})


@require_POST
@policy.caregiver_required
def remove_my_posts(request, pk: int):
    """Members, and people who have left, remove every post of theirs from the group
    ("leave": a member leaves the group at the same time)."""
    group = group_access.get_group_for_user(request.user, pk)
    count = services.my_posts_remove(group=group, user=request.user)
    if request.POST.get("leave") == "yes":
        membership = group_access.membership_of(request.user, group)
        if membership is not None:
            group_services.membership_leave(membership=membership)
        messages.success(
            request, gettext("You have left the group and your posts are deleted (%(count)s).") % {"count": count}
        )
        return redirect("group_list")
    messages.success(request, gettext("Your posts are deleted (%(count)s).") % {"count": count})
    return redirect("group_detail", pk=group.pk)


@policy.caregiver_required
def protected_names(request):
    form = ProtectedNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.protected_name_add(user=request.user, name=form.cleaned_data["name"])
        messages.success(request, gettext("Added. The privacy guard will stop posts that use it."))
        return redirect("privacy_protected_names")
    names = list(ProtectedName.objects.filter(user=request.user))
    return render(request, "privacy/protected_names.html", {"form": form, "names": names})


@require_POST
@policy.caregiver_required
def protected_name_delete(request, name_pk: int):
    get_object_or_404(ProtectedName, pk=name_pk, user=request.user).delete()
    messages.success(request, gettext("Removed."))
    return redirect("privacy_protected_names")
