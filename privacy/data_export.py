"""The person's part of group discussions: their threads and posts, their reports, what
moderators did to their posts, and how many names they protect.

Children first: a file travels, a group does not.
- Protected names are never written out (we hold only keyed hashes anyway): the count, and
  the page where the person sees and edits them.
- A post a moderator hid, or the privacy guard held because it may identify a child, appears
  without its text.
- Nothing another member wrote: a report names the reason, not the post reported; a read
  marker names the group, not the other member's thread title.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Correction, ExportSection, iso, register_export, role_of

from .models import ModerationAction, ModerationLog, Post, PostStatus, ProtectedName, ReadMarker, Report, Thread

# Posts whose text stays in the group: hidden by a moderator, or held by the guard.
TEXT_WITHHELD = (PostStatus.HIDDEN, PostStatus.HELD)


def export(user) -> dict:
    """Six queries however many posts: names (a count), threads, posts, logs, reports, read markers."""
    posts = list(Post.objects.filter(author=user).select_related("thread__group").order_by("created_at", "pk"))
    post_ids = [post.pk for post in posts]
    logs = (
        ModerationLog.objects.filter(Q(post_id_at_the_time__in=post_ids) | Q(actor=user))
        .select_related("group", "actor")
        .order_by("at", "pk")
    )
    about_yours, taken = [], []
    mine = set(post_ids)
    for log in logs:
        if log.post_id_at_the_time in mine or (
            log.action == ModerationAction.DELETED_BY_AUTHOR and log.actor_id == user.pk
        ):
            # What happened to their post, whoever did it (the guard holding it is logged as theirs).
            about_yours.append(
                {
                    "group": log.group.name,
                    "action": log.get_action_display(),
                    "reason": log.reason,
                    "categories": list(log.categories),
                    "by": role_of(user, log.actor),
                    "at": iso(log.at),
                }
            )
        else:
            # What they did about other members' posts (reported, moderated as a facilitator):
            # what and when, not whose post or why.
            taken.append({"group": log.group.name, "action": log.get_action_display(), "at": iso(log.at)})
    return {
        "protected_names": {
            "count": ProtectedName.objects.filter(user=user).count(),
            "see_and_edit_at": reverse("privacy_protected_names"),
        },
        "threads_started": [
            {"group": t.group.name, "title": t.title, "created_at": iso(t.created_at)}
            for t in Thread.objects.filter(author=user).select_related("group").order_by("created_at", "pk")
        ],
        "posts": [
            {
                "group": p.thread.group.name,
                "thread": p.thread.title if p.thread.author_id == user.pk else None,
                "status": p.get_status_display(),
                "text": None if p.status in TEXT_WITHHELD else p.body,
                "guard_categories": list(p.guard_categories),
                "hidden_reason": p.get_hidden_reason_display() if p.hidden_reason else "",
                "created_at": iso(p.created_at),
            }
            for p in posts
        ],
        "moderation_of_your_posts": about_yours,
        "your_moderation_actions": taken,
        "reports_you_made": [
            {
                "group": r.post.thread.group.name,
                "reason": r.get_reason_display(),
                "created_at": iso(r.created_at),
                "resolved_at": iso(r.resolved_at),
            }
            for r in Report.objects.filter(reporter=user).select_related("post__thread__group").order_by("created_at")
        ],
        "conversations_read": [
            {"group": m.thread.group.name, "read_at": iso(m.read_at)}
            for m in ReadMarker.objects.filter(user=user).select_related("thread__group").order_by("read_at", "pk")
        ],
    }


register_export(
    ExportSection(
        key="discussions",
        order=60,
        title=_("Your group discussions"),
        description=_(
            "The conversations you started and the posts you wrote in your groups' discussions, "
            "what moderators did with them, and the reports you made. A post hidden or held to "
            "protect a child is listed without its text. The names you protect are not written "
            "into this file: we say how many there are and where you can see them."
        ),
        export=export,
        models=(
            "privacy.Thread",
            "privacy.Post",
            "privacy.ProtectedName",
            "privacy.ReadMarker",
            "privacy.Report",
            "privacy.ModerationLog",
        ),
        corrections=(
            Correction(label=_("Your protected names"), url_name="privacy_protected_names"),
            Correction(label=_("Remove your posts from a group"), url_name="group_list"),
            Correction(label=_("A moderator's decision"), ask=_("Ask the group's facilitator or your social worker.")),
        ),
        labels={
            "protected_names": _("Protected names"),
            "count": _("How many"),
            "see_and_edit_at": _("See and change them at"),
            "threads_started": _("Conversations you started"),
            "group": _("Group"),
            "title": _("Title"),
            "created_at": _("Written"),
            "posts": _("Your posts"),
            "thread": _("Conversation"),
            "status": _("Status"),
            "text": _("Text"),
            "guard_categories": _("What the privacy guard noticed"),
            "hidden_reason": _("Why it was hidden"),
            "moderation_of_your_posts": _("What moderators did with your posts"),
            "action": _("Action"),
            "reason": _("Reason"),
            "categories": _("Categories"),
            "by": _("By"),
            "at": _("When"),
            "your_moderation_actions": _("What you did about other members' posts"),
            "reports_you_made": _("Posts you reported"),
            "resolved_at": _("Resolved"),
            "conversations_read": _("Conversations you have read"),
            "read_at": _("Last read"),
        },
    )
)
