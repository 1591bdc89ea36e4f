"""Demo directory: helplines, kinship and foster carer support services, training providers,
online courses and resources across the demo regions, training carer@ completed, and
carer@'s care map (not shared: the walk-through shares it).

Every organisation here is made up, and every number is in the unallocated 0800 000 xxx
range and every address under example.org: nothing points at a real service. Runs after
``accounts.demo`` (regions, staff, topics). Safe to run again: listings are found again by
name and region.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from accounts.demo import CARER_EMAIL
from accounts.models import Region, Topic, User
from groups import access as group_access

from .models import CareMapEntry, CareMapKind, Listing, ListingAudience, ListingKind, Ring, TrainingCompletion

STEPS = ("Directory listings and training records", "A care map for carer@")

ORG, HELPLINE = ListingKind.ORGANISATION, ListingKind.HELPLINE
COURSE, RESOURCE = ListingKind.COURSE, ListingKind.RESOURCE
ALL, FOSTER, KINSHIP = ListingAudience.ALL, ListingAudience.FOSTER, ListingAudience.KINSHIP
TEENS, BIRTH_FAMILY, KIN = "Caring for teenagers", "Contact with birth family", "Kinship care"
SCHOOL, TRAUMA, SELF_CARE = "School and learning", "Trauma-informed parenting", "Looking after yourself"
DISABILITY, CULTURE = "Disability and additional needs", "Culture and identity"
KINSHIP_SERVICE = "Whānau Kinship Carers Wellington"  # the browser walk-through finds and sends this one


@dataclasses.dataclass(frozen=True)
class DemoListing:
    name: str
    kind: str
    region: str | None  # None: national
    audience: str
    topics: tuple[str, ...]
    summary: str
    phone: str = ""
    opening_hours: str = ""
    cost: str = "Free"
    how_to_join: str = ""
    how_to_contact: str = ""
    months_since_checked: int = 2

    @property
    def slug(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.name.lower()).strip("-")


LISTINGS = [
    # National helplines
    DemoListing("Caregiver Support Line", HELPLINE, None, ALL, (SELF_CARE, TRAUMA),
                "Talk to an experienced caregiver about whatever is on your mind, any time.",
                phone="0800 000 101", opening_hours="24/7"),
    DemoListing("Kinship Whānau Helpline", HELPLINE, None, KINSHIP, (KIN, BIRTH_FAMILY),
                "Advice for grandparents, aunties, uncles and whānau raising tamariki in the family.",
                phone="0800 000 102", opening_hours="Mon–Fri 8am–8pm"),
    DemoListing("Rangatahi Care Advice Line", HELPLINE, None, ALL, (TEENS,),
                "Ideas and support when caring for teenagers gets hard.",
                phone="0800 000 103", opening_hours="Mon–Sat 9am–9pm"),
    DemoListing("Night Owl Caregiver Talk", HELPLINE, None, ALL, (SELF_CARE,),
                "A friendly voice in the evening, from caregivers who have been there.",
                phone="0800 000 104", opening_hours="Every night 7pm–midnight"),
    DemoListing("Learning Support Advice Line", HELPLINE, None, ALL, (DISABILITY, SCHOOL),
                "Help with additional needs, learning support and getting the right help at school.",
                phone="0800 000 105", opening_hours="Mon–Fri 9am–5pm"),
    # National online courses
    DemoListing("Trauma-Informed Caring Online", COURSE, None, ALL, (TRAUMA,),
                "Six short online sessions on how trauma affects children and what helps.",
                how_to_join="Sign up on the website; start any time.", cost="Free for approved caregivers"),
    DemoListing("Understanding Attachment: online modules", COURSE, None, ALL, (TRAUMA,),
                "Self-paced modules on attachment, with short videos from caregivers.",
                how_to_join="Ask your social worker for an enrolment code."),
    DemoListing("Safe Caring Essentials", COURSE, None, FOSTER, (TRAUMA, SELF_CARE),
                "The core safe caring course for newly approved foster caregivers, online in four parts.",
                how_to_join="Your social worker enrols you after approval."),
    DemoListing("Supporting Contact with Birth Whānau", COURSE, None, ALL, (BIRTH_FAMILY,),
                "An online course on preparing tamariki for contact and looking after yourself around it.",
                how_to_join="Enrol on the website."),
    DemoListing("Caring for Teenagers: the online series", COURSE, None, ALL, (TEENS,),
                "Evening webinars on boundaries, phones, friendships and independence.",
                how_to_join="Register for each webinar on the website.", cost="Free"),
    DemoListing("Te Ao Māori for Caregivers", COURSE, None, ALL, (CULTURE,),
                "An introduction to tikanga, whakapapa and supporting tamariki Māori in their identity.",
                how_to_join="Online, with an optional noho marae weekend."),
    # National resources
    DemoListing("The Caregiver's Handbook", RESOURCE, None, ALL, (SELF_CARE,),
                "A plain-language guide to allowances, support, rights and who to call."),
    DemoListing("Grandparents Raising Grandchildren Guide", RESOURCE, None, KINSHIP, (KIN,),
                "A practical guide for grandparents caring for their mokopuna."),
    DemoListing("School and Learning Toolkit", RESOURCE, None, ALL, (SCHOOL,),
                "Templates and tips for working with schools and early learning services."),
    DemoListing("Looking After Yourself Workbook", RESOURCE, None, ALL, (SELF_CARE,),
                "A workbook for caregivers on rest, support networks and saying no."),
    # Wellington
    DemoListing(KINSHIP_SERVICE, ORG, "Wellington", KINSHIP, (KIN, BIRTH_FAMILY),
                "Kinship carer support service: support groups, advice and home visits for whānau caregivers "
                "across the Wellington region.",
                phone="0800 000 111", opening_hours="Mon–Fri 9am–4pm",
                how_to_join="Call or email; anyone caring for whānau can join."),
    DemoListing("Hutt Valley Foster Carers Association", ORG, "Wellington", FOSTER, (SELF_CARE,),
                "Monthly meetings, a newsletter and a friendly phone tree for foster carers in the Hutt.",
                cost="$10 a year", how_to_join="Come along to a meeting at the community hall."),
    DemoListing("Porirua Grandparents' Circle", ORG, "Wellington", KINSHIP, (KIN,),
                "A weekly morning tea for grandparents raising grandchildren in Porirua.",
                how_to_join="Just turn up on Wednesdays at 10am."),
    DemoListing("Kāpiti Caregiver Coffee Network", ORG, "Wellington", ALL, (SELF_CARE,),
                "Coffee mornings and walks for caregivers along the Kāpiti coast."),
    DemoListing("Wellington Caregiver Training Centre", COURSE, "Wellington", ALL, (TRAUMA, TEENS),
                "Training provider: evening and Saturday workshops in Lower Hutt and Wellington Central.",
                phone="0800 000 112", how_to_join="Book a place on the website.", cost="Free"),
    DemoListing("Capital Respite Care Collective", ORG, "Wellington", FOSTER, (SELF_CARE, DISABILITY),
                "Finds and trains respite caregivers so that full-time carers get a break."),
    DemoListing("Lower Hutt Toy and Book Library", RESOURCE, "Wellington", ALL, (SCHOOL,),
                "Toys, books and games for caregivers to borrow.", months_since_checked=14),
    # Auckland
    DemoListing("Tāmaki Kinship Whānau Support", ORG, "Auckland", KINSHIP, (KIN, CULTURE),
                "Kinship carer support service for whānau caregivers across Tāmaki Makaurau.",
                phone="0800 000 121", opening_hours="Mon–Fri 9am–5pm"),
    DemoListing("Manukau Foster Family Network", ORG, "Auckland", FOSTER, (SELF_CARE,),
                "Family days, support groups and a buddy for new foster families in South Auckland."),
    DemoListing("Waitākere Pasifika Caregivers Fono", ORG, "Auckland", ALL, (CULTURE,),
                "A monthly fono for Pasifika caregivers, in Samoan, Tongan and English."),
    DemoListing("Auckland Caregiver Training Trust", COURSE, "Auckland", ALL, (TRAUMA, SCHOOL),
                "Training provider running workshops across Auckland, with childminding.",
                phone="0800 000 122", how_to_join="Book online or by phone."),
    DemoListing("North Shore Teen Carers Group", ORG, "Auckland", ALL, (TEENS,),
                "Evening support group for people caring for teenagers.", months_since_checked=13),
    # Canterbury
    DemoListing("Canterbury Kinship Carers Network", ORG, "Canterbury", KINSHIP, (KIN,),
                "Kinship carer support service with groups in Christchurch, Rangiora and Ashburton.",
                phone="0800 000 131"),
    DemoListing("Ōtautahi Foster Carers Association", ORG, "Canterbury", FOSTER, (SELF_CARE,),
                "Advocacy, advice and social events for foster carers in Christchurch."),
    DemoListing("Timaru Caregiver Support Group", ORG, "Canterbury", ALL, (SELF_CARE,),
                "A fortnightly support group for caregivers in South Canterbury."),
    DemoListing("Canterbury Caregiver Learning Hub", COURSE, "Canterbury", ALL, (TRAUMA, DISABILITY),
                "Training provider: workshops in Christchurch and online.", how_to_join="Book on the website."),
    DemoListing("Mid Canterbury Whānau Helpline", HELPLINE, "Canterbury", KINSHIP, (KIN,),
                "Local advice for whānau caregivers in Mid Canterbury.",
                phone="0800 000 132", opening_hours="Mon–Fri 9am–3pm"),
]  # fmt: skip

# (course, days ago) carer@ completed.
CARER_TRAINING = [("Trauma-Informed Caring Online", 90), ("Safe Caring Essentials", 400)]


# carer@'s care map: (label, kind, ring, note, listing or group linked by name). First names
# and roles only; no child details.
CARER_GROUP = "Lower Hutt coffee group"  # groups.demo makes it, with carer@ as a member
CARER_MAP = [
    ("Hemi", CareMapKind.PERSON, Ring.CLOSE, "My partner", None),
    ("Mere", CareMapKind.PERSON, Ring.CLOSE, "My sister: respite some weekends", None),
    ("Our GP", CareMapKind.PROFESSIONAL, Ring.REGULAR, "", None),
    (CARER_GROUP, CareMapKind.GROUP, Ring.REGULAR, "Fortnightly coffee", CARER_GROUP),
    ("Hutt Valley Foster Carers", CareMapKind.ORGANISATION, Ring.OCCASIONAL, "Newsletter and phone tree",
     "Hutt Valley Foster Carers Association"),
    ("Sam next door", CareMapKind.PERSON, Ring.OCCASIONAL, "Helps in a pinch", None),
]  # fmt: skip


def _no_progress(step: str) -> None:
    pass


def seed(
    *,
    today: date | None = None,
    regions: dict[str, Region],
    manager: User,
    workers: dict[str, User],
    progress: Callable[[str], None] = _no_progress,
) -> int:
    """Create or refresh the demo listings and carer@'s training; return the number of listings.

    1. Each listing, found again by name and region; made by the region's social worker
       (national ones by the manager), checked ``months_since_checked`` months ago.
    2. Its topics, by name (accounts.demo made them).
    3. carer@'s completed courses.
    4. carer@'s care map, entries found again by label; its group and listing by name.
    """
    progress(STEPS[0])
    today = today or timezone.localdate()
    topics = {topic.name: topic for topic in Topic.objects.all()}
    by_name = {}
    for item in LISTINGS:
        region = regions[item.region] if item.region else None
        author = workers[item.region] if item.region else manager
        listing, _ = Listing.objects.update_or_create(
            name=item.name,
            region=region,
            retired_at=None,
            defaults={
                "kind": item.kind,
                "audience": item.audience,
                "summary": item.summary,
                "phone": item.phone,
                "opening_hours": item.opening_hours,
                "cost": item.cost,
                "how_to_join": item.how_to_join,
                "how_to_contact": item.how_to_contact,
                "email": f"kiaora@{item.slug}.example.org",
                "website": f"https://{item.slug}.example.org",
                "last_checked": today - timedelta(days=30 * item.months_since_checked),
                "created_by": author,
                "updated_by": author,
            },
        )
        listing.topics.set([topics[name] for name in item.topics if name in topics])
        by_name[item.name] = listing
    carer = User.objects.get(email=CARER_EMAIL)
    for name, days_ago in CARER_TRAINING:
        TrainingCompletion.objects.get_or_create(
            user=carer, listing=by_name[name], completed_on=today - timedelta(days=days_ago)
        )
    progress(STEPS[1])
    seed_care_map(carer, by_name)
    return len(LISTINGS)


def seed_care_map(carer: User, listings: dict[str, Listing]) -> None:
    groups = dict(group_access.groups_visible_to(carer).filter(name=CARER_GROUP).values_list("name", "pk"))
    for label, kind, ring, note, link in CARER_MAP:
        CareMapEntry.objects.update_or_create(
            owner=carer,
            label=label,
            defaults={
                "kind": kind,
                "ring": ring,
                "note": note,
                "group_id": groups.get(link) if kind == CareMapKind.GROUP else None,
                "listing": listings.get(link) if kind == CareMapKind.ORGANISATION else None,
            },
        )
