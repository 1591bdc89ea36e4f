"""The person's training record and care map: the entries they wrote, who they shared the
map with (by role), and which staff member read it and when.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Correction, ExportSection, iso, register_export, role_of

from .models import CareMapEntry, CareMapShare, TrainingCompletion


def export(user) -> dict:
    """Three queries: training, care map entries, shares. Who read the care map is in the
    account part (accounts.StaffRead, kind "Care map")."""
    return {
        "training": [
            {"course": t.listing.name, "completed_on": iso(t.completed_on), "created_at": iso(t.created_at)}
            for t in TrainingCompletion.objects.filter(user=user).select_related("listing").order_by("completed_on")
        ],
        "care_map": [
            {
                "label": e.label,
                "kind": e.get_kind_display(),
                "ring": e.get_ring_display(),
                "note": e.note,
                "listing": e.listing.name if e.listing else "",
                "linked_to_a_group": e.group_id is not None,
                "created_at": iso(e.created_at),
                "updated_at": iso(e.updated_at),
            }
            for e in CareMapEntry.objects.filter(owner=user).select_related("listing").order_by("label", "pk")
        ],
        "care_map_shared_with": [
            {"with": role_of(user, s.social_worker), "shared_at": iso(s.shared_at), "stopped_at": iso(s.stopped_at)}
            for s in CareMapShare.objects.filter(owner=user).select_related("social_worker").order_by("shared_at")
        ],
    }


register_export(
    ExportSection(
        key="directory",
        order=90,
        title=_("Your training and care map"),
        description=_(
            "The training courses you recorded, the people and services on your care map, "
            "and whether you shared it with your social worker (who from the agency looked at it is "
            "in the part about your account)."
        ),
        export=export,
        models=(
            "directory.TrainingCompletion",
            "directory.CareMapEntry",
            "directory.CareMapShare",
        ),
        excluded={
            "directory.Listing": "Support directory listings are public information about services; their link "
            "to a person is the staff member who added or last edited one, which is not data about a caregiver.",
        },
        corrections=(
            Correction(label=_("Your training record"), url_name="training"),
            Correction(label=_("Your care map and who you share it with"), url_name="caremap"),
        ),
        labels={
            "training": _("Training courses"),
            "course": _("Course"),
            "completed_on": _("Completed on"),
            "created_at": _("Added"),
            "care_map": _("Your care map"),
            "label": _("Name or role"),
            "kind": _("Kind"),
            "ring": _("How close"),
            "note": _("Note"),
            "listing": _("Directory listing"),
            "linked_to_a_group": _("Linked to a peer group"),
            "updated_at": _("Last changed"),
            "care_map_shared_with": _("Who you shared your care map with"),
            "with": _("With"),
            "shared_at": _("Shared"),
            "stopped_at": _("Stopped sharing"),
        },
    )
)
