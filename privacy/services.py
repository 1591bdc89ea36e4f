"""Writing to a group's discussion: the guard before every post, moderation, retention.

Notifications go through the outbox (``notifications.services.notify``) in the same
transaction and never carry the post's text, its thread's title or the author's name:
only the group's name and a link.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import DateTimeField, F, IntegerField, Q, Value
from django.utils import timezone
from django.utils.translation import gettext

from groups import selectors as group_selectors
from notifications.services import notify

from . import guard
from .models import (
    DiscussionSettings,
    HideReason,
    ModerationAction,
    ModerationLog,
    Post,
    PostStatus,
    ProtectedName,
    ReadMarker,
    Report,
    Thread,
)

DAYS_PER_MONTH = 30


class PostRefused(Exception):
    """The guard stopped the post: ``findings`` say why; ``blocking`` when it cannot be published as is."""

    def __init__(self, findings: list[guard.Finding], *, blocking: bool, field: str = "body"):
        super().__init__(gettext("The privacy guard found something to check."))
        self.findings = findings
        self.blocking = blocking
        self.field = field


# --- Protected names ----------------------------------------------------------------------


def name_key() -> bytes:
    """The server secret for protected names' keyed hashes (PRIVACY_NAME_KEY, else derived from SECRET_KEY)."""
    secret = getattr(settings, "PRIVACY_NAME_KEY", "") or settings.SECRET_KEY
    return hashlib.sha256(b"privacy.protected-names:" + secret.encode()).digest()


def protected_name_add(*, user, name: str) -> ProtectedName:
    """Store a name's keyed hashes only: the name itself is never saved or logged."""
    digests = sorted(guard.digests_for_name(name_key(), name))
    if not digests:
        raise ValueError("A name has at least one letter.")
    return ProtectedName.objects.create(user=user, digests=digests)


def guard_context_for(*users) -> guard.GuardContext:
    """The protected names (digests) of these people together: the author's, and those of
    anyone a text is written about (accounts.free_text's ``about``)."""
    digests: set[str] = set()
    for row in ProtectedName.objects.filter(user__in=users).values_list("digests", flat=True):
        digests.update(row)
    return guard.GuardContext(protected_digests=frozenset(digests), key=name_key())


def check_text(*, user, text: str) -> list[guard.Finding]:
    return guard.check(text, guard_context_for(user))


# --- Posting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    post: Post
    held: bool


def _status_after_guard(findings: list[guard.Finding], confirmed: bool) -> str:
    """1. high-risk findings: refused; 2. other findings not confirmed: refused; 3. confirmed: held."""
    if any(f.high_risk for f in findings):
        raise PostRefused(findings, blocking=True)
    if findings and not confirmed:
        raise PostRefused(findings, blocking=False)
    return PostStatus.HELD if findings else PostStatus.PUBLISHED


def thread_create(*, group, author, title: str, body: str, confirmed: bool = False) -> Outcome:
    """Start a thread with its first post.

    1. The guard reads the title and the body (with the author's protected names).
    2. Refused (``PostRefused``) for high-risk findings, or other findings not confirmed.
    3. In one transaction: the thread, the post (held when the author confirmed findings),
       and the notifications (members for a published post, moderators for a held one).
    """
    findings_title = check_text(user=author, text=title)
    if findings_title:
        raise PostRefused(findings_title, blocking=True, field="title")
    findings = check_text(user=author, text=body)
    status = _status_after_guard(findings, confirmed)
    with transaction.atomic():
        now = timezone.now()
        thread = Thread.objects.create(group=group, title=title.strip(), author=author, last_post_at=now)
        post = _post_save(thread=thread, author=author, body=body, status=status, findings=findings)
    return Outcome(post=post, held=status == PostStatus.HELD)


def post_create(*, thread: Thread, author, body: str, confirmed: bool = False) -> Outcome:
    """Reply in a thread: the same guard and steps as ``thread_create``."""
    findings = check_text(user=author, text=body)
    status = _status_after_guard(findings, confirmed)
    with transaction.atomic():
        post = _post_save(thread=thread, author=author, body=body, status=status, findings=findings)
    return Outcome(post=post, held=status == PostStatus.HELD)


def _post_save(*, thread: Thread, author, body: str, status: str, findings) -> Post:
    categories = sorted({f.category for f in findings})
    post = Post.objects.create(
        thread=thread, author=author, body=body.strip(), status=status, guard_categories=categories
    )
    ReadMarker.objects.update_or_create(user=author, thread=thread, defaults={"read_at": post.created_at})
    if status == PostStatus.HELD:
        _log(post=post, actor=author, action=ModerationAction.HELD, categories=categories)
        _notify_moderators(thread.group, kind="privacy_post_held", key=f"privacy:post:{post.pk}:held")
    else:
        _published(post)
    return post


def _published(post: Post) -> None:
    thread = post.thread
    Thread.objects.filter(pk=thread.pk).update(last_post_at=timezone.now())
    for recipient in discussion_members(thread.group):
        if recipient.pk != post.author_id:
            notify(
                recipient=recipient,
                kind="privacy_new_post",
                key=f"privacy:post:{post.pk}:new",
                context={"group": thread.group, "thread_pk": thread.pk},
            )


def discussion_members(group) -> list:
    """Active members who accepted the current agreement (they may read the discussion)."""
    current = group.current_agreement()
    members = group_selectors.active_members(group).select_related("user")
    if current is not None:
        members = members.filter(agreement_version=current)
    return [m.user for m in members]


def moderators_of(group) -> list:
    people = {
        m.user.pk: m.user
        for m in group_selectors.active_members(group).filter(role="facilitator").select_related("user")
    }
    if group.social_worker_id:
        people[group.social_worker_id] = group.social_worker
    return list(people.values())


def _notify_moderators(group, *, kind: str, key: str) -> None:
    for recipient in moderators_of(group):
        notify(recipient=recipient, kind=kind, key=key, context={"group": group})


def _log(*, post: Post, actor, action: str, reason: str = "", categories=None) -> ModerationLog:
    return ModerationLog.objects.create(
        group_id=post.thread.group_id,
        post_id_at_the_time=post.pk,
        actor=actor,
        action=action,
        reason=reason[:200],
        categories=list(categories or post.guard_categories),
    )


def mark_read(*, user, thread: Thread) -> None:
    """One UPDATE on every visit (no save signal: reading a thread must not retire every
    cached page of the site, peersupport/pagecache.py); the first visit creates the marker."""
    now = timezone.now()
    if not ReadMarker.objects.filter(user=user, thread=thread).update(read_at=now):
        ReadMarker.objects.get_or_create(user=user, thread=thread, defaults={"read_at": now})


# --- Reports and moderation ----------------------------------------------------------------


def report_create(*, post: Post, reporter, reason: str) -> Report:
    """A member reports a post.

    1. One report per person per post (a second is the same report).
    2. Logged without the text; the group's social worker and facilitators are told.
    """
    with transaction.atomic():
        report, created = Report.objects.get_or_create(post=post, reporter=reporter, defaults={"reason": reason})
        if created:
            _log(post=post, actor=reporter, action=ModerationAction.REPORTED, reason=report.get_reason_display())
            # Facilitators and the group's social worker (never only the peer facilitators).
            _notify_moderators(post.thread.group, kind="privacy_post_reported", key=f"privacy:report:{report.pk}")
    return report


def _decided(post: Post, *, by, action: str, reason: str = "") -> None:
    """Resolve the post's reports, log the decision and tell the author. ``reason`` is a
    HideReason: the author is told its label, in their own language (it is lazy, rendered
    under the recipient's language by ``notify``), never free text."""
    Report.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=timezone.now())
    label = HideReason(reason).label if reason else ""
    _log(post=post, actor=by, action=action, reason=str(label))
    notify(
        recipient=post.author,
        kind="privacy_post_moderated",
        key=f"privacy:post:{post.pk}:{action}:{timezone.now().timestamp()}",
        context={"group": post.thread.group, "action": action, "thread_pk": post.thread_id, "reason": label},
    )


def post_publish(*, post: Post, by) -> Post:
    """A moderator releases a held (or reported) post: logged, the author told, members told."""
    with transaction.atomic():
        was_held = post.status == PostStatus.HELD
        post.status = PostStatus.PUBLISHED
        post.hidden_reason = ""
        post.save(update_fields=["status", "hidden_reason"])
        _decided(post, by=by, action=ModerationAction.PUBLISHED)
        if was_held:
            _published(post)
    return post


def post_hide(*, post: Post, by, reason: str) -> Post:
    """Hide a post for one of the ``HideReason`` categories: logged, the author told why."""
    if reason not in HideReason.values:
        raise ValueError(f"Not a reason for hiding: {reason!r}")
    with transaction.atomic():
        post.status = PostStatus.HIDDEN
        post.hidden_reason = reason
        post.save(update_fields=["status", "hidden_reason"])
        _decided(post, by=by, action=ModerationAction.HIDDEN, reason=reason)
    return post


def post_redact_publish(*, post: Post, by) -> Post:
    """Replace every finding (with the author's protected names) by its placeholder, then publish."""
    findings = check_text(user=post.author, text=post.body)
    with transaction.atomic():
        was_held = post.status == PostStatus.HELD
        post.body = guard.redact(post.body, findings)
        post.status = PostStatus.PUBLISHED
        post.hidden_reason = ""
        post.save(update_fields=["body", "status", "hidden_reason"])
        _decided(post, by=by, action=ModerationAction.REDACTED)
        if was_held:
            _published(post)
    return post


# --- Retention and removal -------------------------------------------------------------------


def retention_months(group) -> int:
    row = DiscussionSettings.objects.filter(group=group).first()
    return row.retention_months if row else DiscussionSettings._meta.get_field("retention_months").default


def retention_set(*, group, months: int) -> DiscussionSettings:
    row, _created = DiscussionSettings.objects.update_or_create(group=group, defaults={"retention_months": months})
    return row


def _delete_posts(posts, *, actor, action: str) -> int:
    """Delete posts for good, leaving one audit row each (no text); empty threads go too."""
    rows = list(posts.select_related("thread"))
    with transaction.atomic():
        for post in rows:
            _log(post=post, actor=actor, action=action)
        thread_ids = {p.thread_id for p in rows}
        Post.objects.filter(pk__in=[p.pk for p in rows]).delete()
        Thread.objects.filter(pk__in=thread_ids, posts__isnull=True).delete()
    return len(rows)


def expired_posts(now):
    """Posts older than their group's retention period (the default where a group has none),
    never older than settings.RETENTION["privacy.posts"]: one query, a condition per period in
    use (at most RETENTION_MAX_MONTHS of them, whatever the number of groups)."""
    upper = settings.RETENTION["privacy.posts"]

    def cutoff(months: int):
        return now - min(timedelta(days=DAYS_PER_MONTH * months), upper)

    default = DiscussionSettings._meta.get_field("retention_months").default
    expired = Q(thread__group__discussion_settings__isnull=True, created_at__lt=cutoff(default))
    for months in DiscussionSettings.objects.values_list("retention_months", flat=True).distinct():
        expired |= Q(thread__group__discussion_settings__retention_months=months, created_at__lt=cutoff(months))
    return Post.objects.filter(expired)


def retention_delete_expired(now=None) -> int:
    """The daily retention task runs this (privacy/retention.py): delete every post older than
    its group's retention period, for good. Set-based, whatever the number of posts:

    1. One audit row per expired post (no text), written by one INSERT … SELECT.
    2. The expired posts deleted (their reports with them).
    3. The threads they leave empty deleted (ids of the threads, not of the posts, in memory).
    Running it again deletes nothing more (idempotent).
    """
    now = now or timezone.now()
    expired = expired_posts(now)
    with transaction.atomic():
        audit = expired.annotate(
            log_group=F("thread__group_id"),
            log_post=F("pk"),
            log_actor=Value(None, output_field=IntegerField()),
            log_action=Value(ModerationAction.DELETED_RETENTION.value),
            log_reason=Value(""),
            log_categories=F("guard_categories"),
            log_at=Value(now, output_field=DateTimeField()),
        ).values_list("log_group", "log_post", "log_actor", "log_action", "log_reason", "log_categories", "log_at")
        sql, params = audit.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {ModerationLog._meta.db_table} "  # noqa: S608  (names from the model, values as parameters)
                "(group_id, post_id_at_the_time, actor_id, action, reason, categories, at) " + sql,
                params,
            )
        thread_ids = list(expired.values_list("thread_id", flat=True).distinct())
        _total, per_model = expired.delete()
        Thread.objects.filter(pk__in=thread_ids, posts__isnull=True).delete()
    return per_model.get(Post._meta.label, 0)


def my_posts_remove(*, group, user) -> int:
    """A member (leaving or not) removes all their posts from the group's discussion."""
    return _delete_posts(
        Post.objects.filter(thread__group=group, author=user), actor=user, action=ModerationAction.DELETED_BY_AUTHOR
    )


def posts_erase_author(*, user, neutral_title: str) -> int:
    """A caregiver's account is closing (``privacy.data_erasure``): as a member leaving may
    (issue 12), all their posts are deleted for good, one audit row each without a name; their
    threads with no posts left go too. A thread they started that others answered stays for
    those answers, under ``neutral_title`` instead of the title they wrote."""
    deleted = _delete_posts(Post.objects.filter(author=user), actor=None, action=ModerationAction.DELETED_BY_AUTHOR)
    Thread.objects.filter(author=user).update(author=None, title=neutral_title)
    return deleted
