"""The invitation that brought the person here (and any earlier ones to their address).

Invitations a social worker sent to other people are not in the sender's download: they are
those people's data.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Correction, ExportSection, iso, register_export, role_of

from .models import Invitation


def export(user) -> dict:
    invitations = (
        Invitation.objects.filter(Q(accepted_user=user) | Q(email__iexact=user.email))
        .select_related("region", "invited_by")
        .order_by("created_at", "pk")
    )
    return {
        "invitations": [
            {
                "email": invitation.email,
                "first_name": invitation.first_name,
                "last_name": invitation.last_name,
                "region": invitation.region.name,
                "status": invitation.get_status_display(),
                "approved_on": iso(invitation.approved_on),
                "caregiver_type": invitation.get_caregiver_type_display(),
                "invited_by": role_of(user, invitation.invited_by),
                "created_at": iso(invitation.created_at),
                "sent_at": iso(invitation.sent_at),
                "expires_at": iso(invitation.expires_at),
                "accepted_at": iso(invitation.accepted_at),
                "revoked_at": iso(invitation.revoked_at),
            }
            for invitation in invitations
        ]
    }


register_export(
    ExportSection(
        key="invitations",
        order=20,
        title=_("Your invitation"),
        description=_("The invitation to join that your social worker sent you, and any earlier ones to your address."),
        export=export,
        # Rows where the person is the social worker or sender are other people's invitations;
        # their own (accepted_user, or sent to their address) are exported.
        models=("invitations.Invitation",),
        corrections=(Correction(label=_("Details of your invitation"), ask=_("Ask your social worker.")),),
        labels={
            "invitations": _("Invitations"),
            "email": _("Sent to"),
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "region": _("Region"),
            "status": _("Status"),
            "approved_on": _("Approved on"),
            "caregiver_type": _("Kind of caregiving"),
            "invited_by": _("Invited by"),
            "created_at": _("Written"),
            "sent_at": _("Sent"),
            "expires_at": _("Link expired or expires"),
            "accepted_at": _("Accepted"),
            "revoked_at": _("Withdrawn"),
        },
    )
)
