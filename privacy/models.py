"""Group discussion that guards children's privacy: threads and posts inside a peer group,
the names a caregiver protects (keyed hashes only), read markers, reports, the moderation
audit log (never the post text) and each group's retention period.

A post keeps the categories the guard found (``guard_categories``), never the matched text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The administrator's limits for a group's retention period (months); facilitators choose within.
RETENTION_DEFAULT_MONTHS = 12
RETENTION_MIN_MONTHS = getattr(settings, "PRIVACY_RETENTION_MIN_MONTHS", 1)
RETENTION_MAX_MONTHS = getattr(settings, "PRIVACY_RETENTION_MAX_MONTHS", 24)


class PostStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden by a moderator")


class ReportReason(models.TextChoices):
    IDENTIFIES = "identifies", _("It identifies a child")
    ALLEGATION = "allegation", _("It gives details of an allegation")
    UNKIND = "unkind", _("It is unkind")
    SAFEGUARDING = "safeguarding", _("A safeguarding concern")


class HideReason(models.TextChoices):
    """Why a moderator hid a post: the author is told the category (never free text, which
    could repeat what the post said)."""

    IDENTIFIES = "identifies", _("It could identify a child")
    ALLEGATION = "allegation", _("It gives details of an allegation")
    UNKIND = "unkind", _("It is unkind to someone")
    SAFEGUARDING = "safeguarding", _("It raises a safeguarding concern: the group's social worker will follow it up")
    AGREEMENT = "agreement", _("It goes against the group agreement in another way")


class ModerationAction(models.TextChoices):
    HELD = "held", _("Held by the privacy guard")
    REPORTED = "reported", _("Reported")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    REDACTED = "redacted", _("Redacted and published")
    DELETED_RETENTION = "deleted_retention", _("Deleted: retention period over")
    DELETED_BY_AUTHOR = "deleted_by_author", _("Deleted by its author")


class DiscussionSettings(models.Model):
    group = models.OneToOneField("groups.Group", on_delete=models.CASCADE, related_name="discussion_settings")
    retention_months = models.PositiveSmallIntegerField(_("keep posts for (months)"), default=RETENTION_DEFAULT_MONTHS)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(retention_months__gte=1, retention_months__lte=120), name="privacy_retention_sensible"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.retention_months} months"


class Thread(models.Model):
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=120)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-last_post_at", "-pk"]
        indexes = [models.Index(fields=["group", "-last_post_at"], name="privacy_thread_group_idx")]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="privacy_thread_title_not_empty")]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"))
    status = models.CharField(max_length=12, choices=PostStatus.choices, default=PostStatus.PUBLISHED)
    # What the guard found when it was posted (categories only, never the matched text).
    guard_categories = models.JSONField(default=list, blank=True)
    hidden_reason = models.CharField(max_length=20, choices=HideReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "status", "created_at"], name="privacy_post_thread_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PostStatus.values), name="privacy_post_status_valid"),
            models.CheckConstraint(condition=~Q(body=""), name="privacy_post_body_not_empty"),
            models.CheckConstraint(
                condition=Q(status=PostStatus.HIDDEN) | Q(hidden_reason=""), name="privacy_post_reason_only_hidden"
            ),
            models.CheckConstraint(
                condition=~Q(status=PostStatus.HIDDEN) | Q(hidden_reason__in=HideReason.values),
                name="privacy_post_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} ({self.status})"


class ProtectedName(models.Model):
    """A name a caregiver asked the guard to protect: only its keyed hashes (one per word)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="protected_names")
    digests = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Protected name {self.pk}"


class ReadMarker(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_markers")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="privacy_read_marker_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id}"


class Report(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="privacy_report_once"),
            models.CheckConstraint(condition=Q(reason__in=ReportReason.values), name="privacy_report_reason_valid"),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.reason})"


class ModerationLog(models.Model):
    """Who did what to which post, when and why: never the post's text. Outlives the post."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    post_id_at_the_time = models.PositiveBigIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=ModerationAction.choices)
    reason = models.CharField(max_length=200, blank=True)
    categories = models.JSONField(default=list, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ModerationAction.values), name="privacy_moderation_action_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.post_id_at_the_time} at {self.at:%Y-%m-%d %H:%M}"
