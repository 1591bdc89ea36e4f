"""Receivers for Django's authentication signals."""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import Signal, receiver

# Session keys (seconds since the epoch) read by accounts.middleware.StaffSessionTimeoutMiddleware.
SIGNED_IN_AT = "staff_signed_in_at"
SEEN_AT = "staff_seen_at"

# Sent by accounts.reads with ``subject_ids`` after staff reads are recorded: pages that show
# a caregiver who looked at their things (their care map) are retired from the page cache
# for those caregivers alone (peersupport.apps connects it); a read does not retire
# everyone's pages (StaffRead.page_cache_site_wide).
reads_recorded = Signal()


@receiver(user_logged_in)
def start_session_clocks(sender, request, user, **kwargs) -> None:
    """Written with the login itself, so the next page does not write the session again."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now
