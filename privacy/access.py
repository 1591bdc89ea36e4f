"""Who may read, write and moderate a group's discussion, built on ``groups.access``.

- ``get_discussion``: active members who accepted the current agreement, the group's
  facilitators and its social workers (the region's, the group's own, a member's own).
  Everyone else gets 404, managers too (they see health figures, never what members
  write). A member who owes the current agreement is sent to accept it first.
- ``can_moderate``: the group's facilitators and social workers (the region's social
  workers and the one named on the group).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from accounts import policy
from groups import access as group_access

from .models import Post, PostStatus, Thread


def get_discussion(user, pk: int):
    """(group, membership, redirect or None) for the discussion pages (see the module docstring)."""
    try:
        group, membership = group_access.get_group_for_member(user, pk)
    except PermissionDenied:
        raise Http404("No such group.") from None
    if group_access.needs_agreement(membership, group):
        return group, membership, redirect("group_agreement", pk=group.pk)
    return group, membership, None


def can_moderate(user, group, membership) -> bool:
    if group_access.can_manage(user, group, membership):
        return True
    return policy.is_staff_member(user) and group.social_worker_id == user.pk


def get_thread(group, thread_pk: int) -> Thread:
    try:
        return Thread.objects.get(group=group, pk=thread_pk)
    except Thread.DoesNotExist:
        raise Http404("No such thread.") from None


def visible_posts(user, thread: Thread, *, moderator: bool):
    """Published posts for everyone; held ones for their author and the moderators."""
    posts = thread.posts.all()
    if moderator:
        return posts.exclude(status=PostStatus.HIDDEN)
    return posts.filter(status=PostStatus.PUBLISHED) | posts.filter(status=PostStatus.HELD, author=user)


def get_post(group, post_pk: int) -> Post:
    try:
        return Post.objects.select_related("thread", "author").get(thread__group=group, pk=post_pk)
    except Post.DoesNotExist:
        raise Http404("No such post.") from None


def is_member(membership) -> bool:
    return membership is not None and membership.status == "active"
