"""The privacy guard: finds what could identify a child in care in a caregiver's post.

``check(text, context) -> list[Finding]`` is a pure function (no database, no network, no model
download): regular expressions, check digits and the word lists in ``privacy.names``. It follows
the labelling rules in GUIDELINES.md (kept with the development corpus in tests/privacy/data/):

1. mask public things first (helplines, events, famous people, organisations) so their words are
   never taken for a child's name;
2. find the numbers and addresses that can be checked by shape: emails, handles, NHS numbers
   (modulus 11), NHI numbers (check character, old and new format), case references, phones
   (0800/0508/0808 helplines allowed), vehicle plates;
3. find the named things: courts with a hearing date, schools and early-childhood centres, street
   addresses and localities tied to where someone lives;
4. find names: registered protected names (keyed hashes only), birth family named after a kin word,
   children named with a child cue (a child word before, an age or a child's thing after, a verb);
5. find what is only identifying next to a named child: ages and birth years, diagnoses.

Findings never overlap; offsets are Python ``str`` indices on the text as given.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from privacy import names as lists

PROTECTED_NAME = "PROTECTED_NAME"
CHILD_NAME = "CHILD_NAME"
BIRTH_FAMILY_NAME = "BIRTH_FAMILY_NAME"
DOB = "DOB"
SCHOOL = "SCHOOL"
ADDRESS = "ADDRESS"
PHONE = "PHONE"
EMAIL = "EMAIL"
NHI = "NHI"
NHS_NUMBER = "NHS_NUMBER"
CASE_NUMBER = "CASE_NUMBER"
SOCIAL_HANDLE = "SOCIAL_HANDLE"
COURT = "COURT"
PLATE = "PLATE"
MEDICAL = "MEDICAL"

CATEGORIES = (
    PROTECTED_NAME,
    CHILD_NAME,
    BIRTH_FAMILY_NAME,
    DOB,
    SCHOOL,
    ADDRESS,
    PHONE,
    EMAIL,
    NHI,
    NHS_NUMBER,
    CASE_NUMBER,
    SOCIAL_HANDLE,
    COURT,
    PLATE,
    MEDICAL,
)

# Cannot be published unredacted (issue 12, Deliver 4).
HIGH_RISK = frozenset({PROTECTED_NAME, NHI, NHS_NUMBER, CASE_NUMBER, PHONE, EMAIL, ADDRESS})

PLACEHOLDERS = {
    PROTECTED_NAME: "[child]",
    CHILD_NAME: "[child]",
    BIRTH_FAMILY_NAME: "[name]",
    DOB: "[date]",
    SCHOOL: "[school]",
    ADDRESS: "[place]",
    PHONE: "[number]",
    EMAIL: "[email]",
    NHI: "[number]",
    NHS_NUMBER: "[number]",
    CASE_NUMBER: "[number]",
    SOCIAL_HANDLE: "[handle]",
    COURT: "[court date]",
    PLATE: "[number]",
    MEDICAL: "[condition]",
}

EXPLANATIONS = {
    PROTECTED_NAME: _("This is a name you asked us to protect."),
    CHILD_NAME: _("This looks like a child's name."),
    BIRTH_FAMILY_NAME: _("This looks like the name of a member of a child's birth family."),
    DOB: _("This looks like a child's date of birth or exact age."),
    SCHOOL: _("This names a school, kura or early-childhood centre a child could be found at."),
    ADDRESS: _("This looks like where a child or their family lives."),
    PHONE: _("This looks like a personal phone number."),
    EMAIL: _("This looks like a personal email address."),
    NHI: _("This looks like a National Health Index (NHI) number."),
    NHS_NUMBER: _("This looks like an NHS number."),
    CASE_NUMBER: _("This looks like a case, file or reference number."),
    SOCIAL_HANDLE: _("This looks like a social media username."),
    COURT: _("This names a specific court hearing."),
    PLATE: _("This looks like a vehicle registration."),
    MEDICAL: _("This is a diagnosis next to a child's name."),
}

LABELS = {
    PROTECTED_NAME: _("protected name"),
    CHILD_NAME: _("child's name"),
    BIRTH_FAMILY_NAME: _("birth family name"),
    DOB: _("date of birth or age"),
    SCHOOL: _("school"),
    ADDRESS: _("address or place"),
    PHONE: _("phone number"),
    EMAIL: _("email address"),
    NHI: _("NHI number"),
    NHS_NUMBER: _("NHS number"),
    CASE_NUMBER: _("case number"),
    SOCIAL_HANDLE: _("social media handle"),
    COURT: _("court hearing"),
    PLATE: _("vehicle registration"),
    MEDICAL: _("diagnosis"),
}


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    category: str
    confidence: float

    @property
    def type(self) -> str:  # the evaluation script's name for the category
        return self.category

    @property
    def explanation(self):
        return EXPLANATIONS[self.category]

    @property
    def label(self):
        return LABELS[self.category]

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.category]

    @property
    def high_risk(self) -> bool:
        return self.category in HIGH_RISK


@dataclass(frozen=True)
class GuardContext:
    """What the guard knows beyond the text: the author's protected names as keyed digests."""

    protected_digests: frozenset[str] = field(default_factory=frozenset)
    key: bytes = b""


# ----------------------------------------------------------------------------- normalising


def normalise_token(token: str) -> str:
    """Casefolded, without diacritics or a possessive: "Tūī's" -> "tui"."""
    token = token.strip().replace("’", "'")
    low = token.casefold()
    if low.endswith("'s"):
        low = low[:-2]
    elif low.endswith("s'"):
        low = low[:-1]
    decomposed = unicodedata.normalize("NFKD", low)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip("'-")


def protected_digest(key: bytes, token: str) -> str:
    """The keyed hash stored for a protected name (one per normalised token)."""
    return hmac.new(key, normalise_token(token).encode(), hashlib.sha256).hexdigest()


def digests_for_name(key: bytes, name: str) -> set[str]:
    """Digests of every token of a registered name ("Lily-Jade Carr": the whole and the parts)."""
    out = set()
    for token in _WORD.findall(name):
        out.add(protected_digest(key, token))
        if "-" in token:
            out.update(protected_digest(key, part) for part in token.split("-") if part)
    return out


# ----------------------------------------------------------------------------- patterns

_UP = "A-ZĀĒĪŌŪ"
_LOW = "a-zāēīōū"
_WORD = re.compile(rf"[{_UP}{_LOW}][\w'’-]*")
_CAP = rf"[{_UP}][\w'’āēīōū-]*"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}})"
)
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm))?"
_DATE_RE = re.compile(rf"\b{_DATE}\b", re.I)

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
GENERIC_MAILBOXES = frozenset({"info", "enquiries", "admin", "hello", "contact", "office", "support", "help"})
FREEMAIL = ("gmail", "hotmail", "yahoo", "outlook", "icloud", "xtra", "live", "me.com", "msn", "aol")

HANDLE_RE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
PLATFORM_RE = re.compile(
    r"\b(?:snapchat|snap|insta|instagram|tiktok|tik tok|facebook|fb|roblox|discord|twitter|youtube|"
    r"twitch|whatsapp|minecraft|xbox|psn|playstation|fortnite|messenger)\b[^.!?\n]{0,25}?"
    r"\b(?:as|is|called|name is|username is|handle is|:)\s+(@?[\w.]+(?:\s+" + _CAP + r")?)",
    re.I,
)
CAMEL_HANDLE_RE = re.compile(r"\b[A-Z][a-z]+[A-Z][A-Za-z]*\d{2,4}\b|\b[a-z]+_[a-z0-9_]+\b")

NHS_RE = re.compile(r"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
NHI_RE = re.compile(r"\b[A-HJ-NP-Z]{3}(?:\d{4}|\d{2}[A-HJ-NP-Z]{2})\b", re.I)
CASE_STRUCTURED_RE = re.compile(r"\b[A-Z]{1,5}(?:[/-][A-Z0-9]{1,8}){1,4}\b")
CASE_KEYWORD_RE = re.compile(
    r"\b(?:cyras|case|file|client|ref|reference|court file|cp[- ]plan)\b"
    r"(?:\s*(?:number|no\.?|ref|id|#))?(?:\s+(?:is|was|now))?\s*(?:changed to\s+)?[:#=-]?\s*"
    r"([A-Z]{0,5}[/-]?\d[\dA-Z/-]{3,})",
    re.I,
)
PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\s?(?:64|44)\s?(?:\(0\)\s?)?\d{1,4}|\(0\d{1,4}\)|0\d{1,4})(?:[ -]?\d{2,4}){1,4}(?![\w/])"
)
PLATE_KEYWORD_RE = re.compile(
    r"\b(?:rego|reg|registration|plates?|number plate)\b\s*(?:is|:|no\.?|number)?\s*"
    r"(?!(?:on|at|in|is|by|to|no|of|the|due|for)\b)([A-Za-z]{2,3}\s?\d{2,4}(?:\s?[A-Za-z]{3})?)\b",
    re.I,
)
PLATE_RE = re.compile(r"\b(?:[A-Z]{3}\d{3}|[A-Z]{2}\d{4}|[A-Z]{2}\d{2}\s?[A-Z]{3})\b")

_COURT_NAME = (
    rf"(?:(?:{_CAP}\s+){{1,3}}(?:Family|District|Youth|High|County|Magistrates['’]?|Crown|Children['’]s)"
    rf"\s+Court|(?:Family|District|Youth|High|County|Magistrates['’]?|Crown)\s+Court\s+(?:at|in)\s+{_CAP}"
    rf"|(?:{_CAP}\s+){{1,3}}(?:Justice\s+Centre|Law\s+Courts|Courthouse|Court\s+House))"
)
_COURT_DATE = rf"(?:{_DATE}|\d{{1,2}}/\d{{1,2}})"
COURT_RE = re.compile(
    rf"{_COURT_NAME}\s*(?:,|on|at)?\s*(?:on\s+)?(?:the\s+)?(?:\w+day,?\s+)?{_COURT_DATE}{_TIME}"
    rf"|{_COURT_DATE}{_TIME}\s*(?:,|at|in)?\s*(?:the\s+)?{_COURT_NAME}"
)
HEARING_CITY_RE = re.compile(
    rf"\bhearing\b[^.!?\n]{{0,40}}?\b({_CAP},\s*(?:\w+day,?\s+)?{_DATE}{_TIME}"
    rf"|{_DATE}{_TIME},?\s+(?:at|in)\s+{_CAP})",
    re.I,
)

_SCHOOL_KIND = (
    r"(?:School|Primary|Intermediate|College|Academy|High|Kindergarten|Kindy|Nursery|Daycare|Day Care|"
    r"Preschool|Pre-school|Playcentre|Play Centre|Early Learning Centre|Early Learning|Childcare|"
    r"Montessori|Grammar|Infants)"
)
SCHOOL_RE = re.compile(
    rf"\b(?:St\.?\s+)?(?:{_CAP}\s+){{1,4}}{_SCHOOL_KIND}(?:\s+{_SCHOOL_KIND})?\b"
    rf"|\bTe\s+Kōhanga\s+Reo\s+o\s+(?:[Nn]gā\s+|[Tt]e\s+)?{_CAP}(?:\s+{_CAP})*"
    rf"|\b(?:Te\s+)?Kura(?:\s+Kaupapa\s+Māori)?\s+o\s+(?:[Nn]gā\s+|[Tt]e\s+)?{_CAP}(?:\s+{_CAP})*"
)
_GENERIC_SCHOOL_WORDS = frozenset(
    {
        "the",
        "a",
        "new",
        "old",
        "our",
        "my",
        "his",
        "her",
        "their",
        "sunday",
        "primary",
        "high",
        "secondary",
        "catholic",
        "local",
        "junior",
        "senior",
        "special",
        "boarding",
        "state",
        "private",
        "public",
        "big",
        "this",
        "that",
        "at",
        "to",
        "is",
        "main",
        "summer",
        "holiday",
        "forest",
        "driving",
        "swim",
        "dance",
    }
)

_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Place|Pl|Way|Lane|Ln|Drive|Dr|Crescent|Cres|Terrace|Tce|Close|"
    r"Court|Ct|Grove|Parade|Highway|Hwy|Mews|Gardens|Square|Rise|View|Heights|Walk|Row)"
)
STREET_NUMBER_RE = re.compile(
    rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,3}}{_STREET}\b\.?(?:,\s*{_CAP}(?:\s+{_CAP})?)?"
)
_RESIDENCE = (
    r"(?:lives?|living|moved|moving|staying|stays|stay|house|home|flat|address|back|placed|based|"
    r"whānau|whanau|family|mum|mum's|dad|dad's|nan|nana|koro|parents)"
)
STREET_LIVING_RE = re.compile(
    rf"\b{_RESIDENCE}\b[^.!?\n]{{0,30}}?\b(?:on|in|at|off)\s+((?:{_CAP}\s+){{1,3}}{_STREET})\b", re.I
)
LOCALITY_RE = re.compile(rf"\b{_RESIDENCE}\b[^.!?\n,]{{0,30}}?\b(?:in|at)\s+({_CAP}(?:\s+{_CAP})?)", re.I)
MOVING_TO_RE = re.compile(
    rf"\b(?:is|'s|’s|are|was|has|have)\s+(?:moving|moved|gone|going|went)\s+(?:back\s+)?(?:up\s+|down\s+)?to\s+"
    rf"({_CAP}(?:\s+{_CAP})?)",
    re.I,
)
MARAE_RE = re.compile(rf"\b({_CAP}(?:\s+{_CAP})?\s+Marae)\b")
_VENUE_WORDS = re.compile(
    r"\b(?:hui|meeting|meet|group|coffee|training|party|session|workshop|venue|hall|church|library|"
    r"centre|center|course|picnic|event|fun run|clean-up|morning tea)\b",
    re.I,
)
_CHILD_PLACE_WORDS = re.compile(
    r"\b(?:lives?|living|moved|staying|whānau|whanau|fgc|tangi|his|her|their|mum|dad|nan|koro|birth)\b", re.I
)

_KIN = (
    r"(?:birth\s+)?(?:mum|mom|mother|dad|father|nana|nan|nanna|nanny|grandma|granny|gran|grandad|grandpa|"
    r"grandfather|grandmother|koro|kuia|aunty|auntie|aunt|uncle|cousin|brother|sister|half-brother|"
    r"half-sister|stepdad|stepmum|step-dad|step-mum|tāua|taua|pōua|poua)"
)
_NAME = rf"[{_UP}][{_LOW}’']*(?:-[{_UP}][{_LOW}]+)?"
KIN_NAME_RE = re.compile(
    rf"(?i:\b(my\s+)?(?:little\s+|big\s+|older\s+|younger\s+)?{_KIN})\b,?\s+(?:is\s+)?({_NAME}(?:\s+{_NAME})?)"
)

_AGE_AFTER_RE = re.compile(
    r"\s*(?:\(\s*(?:aged?\s*)?(\d{1,2})\s*\)|(?:'s|’s|\s+is|\s+was|\s+turns|\s+turned|\s+just turned|\s+will be|"
    r",)\s+(\d{1,2})\b(?!\s*(?:years? with|months|weeks|days|hours|times|am|pm|%|:)))",
)
_PRONOUN_AGE_RE = re.compile(
    r"\b(?:he|she|they)(?:'s|’s| is| was| turns| turned| just turned)\s+(\d{1,2})\b"
    r"(?!\s*(?:years? with|months|weeks|days|hours|times|am|pm|%|:|-))",
    re.I,
)
_YEARS_OLD_RE = re.compile(r"\b(\d{1,2})\s*(?:years? old|yrs? old|yo)\b", re.I)
_BIRTH_CONTEXT_RE = re.compile(r"\b(?:born|dob|d\.o\.b|date of birth|birthday|bday|b'day)\b", re.I)
_BORN_YEAR_RE = re.compile(r"\bborn\s+(?:in\s+)?((?:19|20)\d{2})\b", re.I)

_CHILD_WORD_BEFORE = re.compile(
    r"(?:\b(?:foster|our|my|the|his|her|their|wee|little)\s+)?\b(?:son|daughter|boy|girl|kid|child|"
    r"baby|grandson|granddaughter|moko|mokopuna|nephew|niece|tamaiti|youngest|eldest|toddler|teen|"
    r"foster son|foster daughter|little one|wee one|wee man|little man|little girl|little boy|"
    r"placement|whāngai|whangai)\s*,?\s*$",
    re.I,
)
_NICKNAME_BEFORE = re.compile(
    r"\b(?:call(?:s|ed)?\s+(?:him|her|them)|nicknamed?|known as|goes by|(?:real|birth|full)\s+name\s+is|"
    r"named|name's|name is)\s*$",
    re.I,
)
_CHILD_THING_AFTER = re.compile(
    r"^(?:'s|’s|s'|')\s+(?:(?:new|old|first|real|own|little|big|older|younger|birth|current|last|next|"
    r"LA|OT|school|case|file|NHS|NHI)\s+)*(?:teacher|school|kindy|kindergarten|daycare|nursery|class|"
    r"nhi|nhs|case|file|ref|reference|social|sw|birth|mum|mom|dad|mother|father|nana|nan|nanna|koro|"
    r"kuia|aunty|auntie|aunt|uncle|brother|sister|cousin|siblings?|diagnosis|dob|birthday|guardian|tiktok|"
    r"snapchat|instagram|insta|fb|facebook|hearing|placement|contact|therapist|paediatrician|counsellor|"
    r"meds|medication|room|bedroom|bike|cake|party|teeth|reading|behaviour|whānau|whanau|caregivers?|"
    r"carers?|lawyer|plan|review|reo|kapa|passport|phone|report|friends?|grandparents?|parents?|"
    r"family|dentist|gp|doctor|visits?|access|kura|kōhanga|kohanga|kapa haka|rugby|netball|football|"
    r"swimming|tantrums?|bedtime|nappies|cot|pram|car seat|booster|respite|contact|case worker|caseworker)\b",
    re.I,
)
_NAME_VERB_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:has|had|is|was|keeps|kept|got|gets|told|tells|turns|turned|finally|started|starts|"
    r"loves|hates|wants|wanted|won't|can't|doesn't|didn't|isn't|broke|asked|asks|came|went|needs|goes|"
    r"lives|moved|cried|refuses|refused|learnt|learned|says|said|thinks|likes|hit|ran|ate|slept|woke|"
    r"threw|screamed|been|just|still|now|spent|played|scored|won|lost|swam|made|drew|wrote|"
    r"can|will|would|could|should|did|does|walked|rode|started|begins|began|settled|arrived|left|"
    r"came|comes|misses|missed|talks|talked|sleeps|eats|plays|loved|hated|seems|seemed|gets)\b",
    re.I,
)
_PERSON_VERB_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:has|had|told|keeps|kept|broke|cried|refuses|refused|learnt|learned|wants|wanted|"
    r"hates|loves|said|asked|screamed|threw|won't|doesn't|didn't|can't|finally|started|turns|turned|"
    r"was diagnosed|got diagnosed)\b",
    re.I,
)
_STRICT_PERSON_VERB_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:told|keeps|kept|broke|cried|refuses|refused|learnt|learned|wants|wanted|hates|"
    r"loves|screamed|threw|won't|doesn't|didn't|can't|finally|turns|turned|was diagnosed|has been|is being|"
    r"got into|got his|got her|lost his|lost her|started|ran away|'s been|’s been|'s started|’s started|"
    r"has started|refused|is refusing|been|was born|was diagnosed|needs|is staying|is struggling|goes to|starts|"
    r"is starting|'s refusing|’s refusing)\b",
    re.I,
)
_PERSON_HINT = re.compile(
    r"\b(?:he|she|his|her|him|hers|school|kindy|kindergarten|daycare|contact|class|teacher|bedtime|placement|"
    r"diagnos\w*)\b",
    re.I,
)
_PLACE_BEFORE = re.compile(r"\b(?:the|at|in|on|from|to|near|into|towards|around)\s+$", re.I)
_ADULT_AFTER = re.compile(
    r"^(?:'s|’s|\s+is|\s+will|'ll|’ll|\s+can|\s+could|\s+has)?\s*(?:doing|bringing|bring|covering|hosting|"
    r"organising|organizing|running|leaving|making|picking up|offered|volunteered|sorting|baking|"
    r"coordinating|chairing|facilitating|booking|driving us|cooking)\b",
    re.I,
)
_ADULT_BEFORE = re.compile(
    r"\b(?:sw|social worker|teacher|mrs|mr|ms|dr|thanks|thank you|cheers|ta|nurse|counsellor|"
    r"therapist|gp|paediatrician|lawyer|manager|hi|hey|kia ora|morning|facilitator|whaea|matua|"
    r"principal|coordinator|worker|key worker|supervisor|guardian|with|and me|me and|thanks to|thank you to|"
    r"shout out to|big ups to|ask|i'm|i’m|i am|im|this is|my partner|my husband|my wife|hubby)\s*,?\s*$",
    re.I,
)
_CONJ_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:and|&)\s+(?:his|her|their)\s+(?:brothers?|sisters?|siblings?|cousins?)\b", re.I
)
_SENTENCE_END = re.compile(r"(?:^|[.!?\n:;]\s*|\s[-–]\s*)$")


def _conditions_re() -> re.Pattern:
    acronyms = [c for c in lists.CONDITIONS if len(c) <= 5 and c.replace("-", "").isalpha() and " " not in c]
    words = [c for c in lists.CONDITIONS if c not in acronyms]
    words.sort(key=len, reverse=True)
    return re.compile(
        r"\b(?:(?i:"
        + "|".join(re.escape(w) for w in words)
        + r")|"
        + "|".join(re.escape(a.upper()) for a in acronyms)
        + r")\b"
    )


CONDITION_RE = _conditions_re()
PUBLIC_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(lists.PUBLIC_PHRASES, key=len, reverse=True)) + r")\b", re.I
)


# ----------------------------------------------------------------------------- check digits


def nhs_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


_NHI_ALPHA = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def nhi_valid(value: str) -> bool:
    value = value.upper()
    if len(value) != 7 or any(c not in _NHI_ALPHA for c in value[:3]):
        return False
    values = [_NHI_ALPHA.index(c) + 1 for c in value[:3]]
    if value[3:].isdigit():  # old format AAANNNN
        values += [int(c) for c in value[3:6]]
        total = sum(v * w for v, w in zip(values, range(7, 1, -1), strict=True))
        check = 11 - total % 11
        if check == 11:
            return False
        return check % 10 == int(value[6])
    if value[3:5].isdigit() and value[5] in _NHI_ALPHA and value[6] in _NHI_ALPHA:  # new AAANNAA
        values += [int(value[3]), int(value[4]), _NHI_ALPHA.index(value[5]) + 1]
        total = sum(v * w for v, w in zip(values, range(7, 1, -1), strict=True))
        rest = total % 23  # the new format's check letter is modulus 23
        return _NHI_ALPHA[23 - rest - 1] == value[6]
    return False


# ----------------------------------------------------------------------------- the check


class _Collector:
    def __init__(self, text: str):
        self.text = text
        self.findings: list[Finding] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def add(self, start: int, end: int, category: str, confidence: float) -> bool:
        strip = " ,.;:'’\""
        while start < end and (
            self.text[start] in strip or self.text[start] == "(" and ")" not in self.text[start:end]
        ):
            start += 1
        while end > start and (
            self.text[end - 1] in strip or self.text[end - 1] == ")" and "(" not in self.text[start:end]
        ):
            end -= 1
        if start >= end or not self.free(start, end):
            return False
        self.findings.append(Finding(start, end, category, confidence))
        self.taken.append((start, end))
        return True

    def block(self, start: int, end: int) -> None:
        self.taken.append((start, end))


def check(text: str, context: GuardContext | None = None) -> list[Finding]:
    """Everything in ``text`` that could identify a child in care, in text order."""
    context = context or GuardContext()
    out = _Collector(text)
    masked: list[tuple[int, int]] = []

    # 1. Public things are never findings.
    for m in PUBLIC_RE.finditer(text):
        masked.append(m.span())

    # 2. Checkable shapes.
    for m in EMAIL_RE.finditer(text):
        local, _at, domain = m.group().partition("@")
        public = local.lower() in GENERIC_MAILBOXES and not any(f in domain.lower() for f in FREEMAIL)
        if public:
            out.block(*m.span())
        else:
            out.add(*m.span(), EMAIL, 0.95)
    for m in HANDLE_RE.finditer(text):
        out.add(*m.span(), SOCIAL_HANDLE, 0.85)
    for m in PLATFORM_RE.finditer(text):
        value = m.group(1)
        if "@" in value or any(c.isdigit() or c in "._" for c in value) or re.search(r"[a-z][A-Z]", value):
            value = value.split()[0]
            out.add(m.start(1), m.start(1) + len(value), SOCIAL_HANDLE, 0.8)
        elif value[:1].isupper() and normalise_token(value.split()[0]) not in lists.COMMON_CAPS:
            out.add(m.start(1), m.end(1), BIRTH_FAMILY_NAME, 0.6)
    for m in CAMEL_HANDLE_RE.finditer(text):
        out.add(*m.span(), SOCIAL_HANDLE, 0.6)
    for m in NHS_RE.finditer(text):
        if not m.group().startswith("0") and nhs_valid(m.group()):
            out.add(*m.span(), NHS_NUMBER, 0.95)
    for m in NHI_RE.finditer(text):
        if nhi_valid(m.group()):
            out.add(*m.span(), NHI, 0.95)
    for m in CASE_STRUCTURED_RE.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 4:
            out.add(*m.span(), CASE_NUMBER, 0.8)
    for m in CASE_KEYWORD_RE.finditer(text):
        value = m.group(1).rstrip("/-")
        if sum(c.isdigit() for c in value) >= 4 and not _DATE_RE.fullmatch(value):
            out.add(m.start(1), m.start(1) + len(value), CASE_NUMBER, 0.85)
    for m in PHONE_RE.finditer(text):
        digits = "".join(c for c in m.group() if c.isdigit())
        national = (digits[2:] if m.group().lstrip().startswith("+") else digits).lstrip("0")
        if not 7 <= len(national) <= 10:
            continue
        if digits.startswith(("0800", "0508", "0808", "0300", "116")):
            out.block(*m.span())  # helplines and national services (GUIDELINES 4.7)
            continue
        out.add(*m.span(), PHONE, 0.9)
    for m in PLATE_RE.finditer(text):
        out.add(*m.span(), PLATE, 0.7)
    for m in PLATE_KEYWORD_RE.finditer(text):
        out.add(*m.span(1), PLATE, 0.75)

    # 3. Named things.
    for m in COURT_RE.finditer(text):
        out.add(*m.span(), COURT, 0.85)
    for m in HEARING_CITY_RE.finditer(text):
        out.add(*m.span(1), COURT, 0.75)
    for m in SCHOOL_RE.finditer(text):
        start, end = m.span()
        words = text[start:end].split()
        # Drop leading generic or sentence words ("The new Kelston Intermediate" -> "Kelston Intermediate").
        while (
            words
            and (normalise_token(words[0]) in _GENERIC_SCHOOL_WORDS or normalise_token(words[0]) in lists.COMMON_CAPS)
            and words[0] not in ("St", "St.", "Te", "Kura")
        ):
            start = text.index(words[0], start) + len(words[0])
            words = words[1:]
        if len(words) < 2 or _overlaps(masked, start, end):
            continue
        out.add(start, end, SCHOOL, 0.8)
    for m in STREET_NUMBER_RE.finditer(text):
        sentence = _sentence(text, m.start())
        if _VENUE_WORDS.search(sentence) and not re.search(
            r"\b(?:lives?|our address|my address|we're at|we live)\b", sentence, re.I
        ):
            continue
        out.add(*m.span(), ADDRESS, 0.9)
    for m in STREET_LIVING_RE.finditer(text):
        out.add(*m.span(1), ADDRESS, 0.75)
    for m in [*LOCALITY_RE.finditer(text), *MOVING_TO_RE.finditer(text)]:
        place = m.group(1)
        tokens = [normalise_token(t) for t in place.split()]
        if tokens[0] in lists.CITIES or tokens[0] in lists.COMMON_CAPS or _overlaps(masked, *m.span(1)):
            continue
        if tokens[0] in lists.CHILD_NAMES or tokens[0] in lists.ADULT_NAMES:
            continue
        out.add(*m.span(1), ADDRESS, 0.6)
    for m in MARAE_RE.finditer(text):
        sentence = _sentence(text, m.start())
        if _overlaps(masked, *m.span(1)) or re.search(r"\bhui\b", sentence, re.I):
            continue
        if _CHILD_PLACE_WORDS.search(sentence):
            out.add(*m.span(1), ADDRESS, 0.6)

    # 4. Names.
    key = context.key
    if context.protected_digests and key:
        for m in _WORD.finditer(text):
            token = m.group()
            parts = [token] + (token.split("-") if "-" in token else [])
            if any(protected_digest(key, p) in context.protected_digests for p in parts if p):
                end = m.start() + len(token.rstrip("'’")) - (2 if token.lower().endswith(("'s", "’s")) else 0)
                out.add(m.start(), end, PROTECTED_NAME, 0.99)
    for m in KIN_NAME_RE.finditer(text):
        if m.group(1):  # "my mum Jean": the carer's own family
            continue
        name_tokens = m.group(2).split()
        keep = []
        for t in name_tokens:
            n = normalise_token(t)
            if (
                n in lists.COMMON_CAPS
                or n in lists.CITIES
                or (n in lists.TE_REO and n not in lists.CHILD_NAMES and n not in lists.ADULT_NAMES)
            ):
                break
            keep.append(t)
        if not keep or _overlaps(masked, m.start(2), m.end(2)):
            continue
        span_text = " ".join(keep)
        start = m.start(2)
        end = start + len(span_text)
        if span_text.endswith(("'s", "’s")):
            end -= 2
        out.add(start, end, BIRTH_FAMILY_NAME, 0.75)
    children = _child_names(text, out, masked)

    # 5. Only identifying next to a named child.
    named = children or any(f.category in (PROTECTED_NAME, CHILD_NAME) for f in out.findings)
    for m in _DATE_RE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        context_match = next(reversed(list(_BIRTH_CONTEXT_RE.finditer(before))), None)
        if context_match and not re.search(r"\bpart(?:y|ies)\b", before[context_match.end() :], re.I):
            out.add(*m.span(), DOB, 0.85)
    if named:
        for m in _BORN_YEAR_RE.finditer(text):
            out.add(*m.span(1), DOB, 0.7)
        for _start, end in children:
            age = _AGE_AFTER_RE.match(text, end)
            if age:
                g = 1 if age.group(1) else 2
                out.add(*age.span(g), DOB, 0.7)
        for m in _PRONOUN_AGE_RE.finditer(text):
            out.add(*m.span(1), DOB, 0.6)
        for m in _YEARS_OLD_RE.finditer(text):
            if re.match(
                rf"^\s*(?:{_NAME}\s+)?(?:is|was|turns|turned)\s*$", text[max(0, m.start() - 20) : m.start()][-20:]
            ):
                out.add(*m.span(1), DOB, 0.6)
        for m in CONDITION_RE.finditer(text):
            out.add(*m.span(), MEDICAL, 0.7)

    return sorted(out.findings, key=lambda f: f.start)


def _overlaps(spans, start, end) -> bool:
    return any(start < e and s < end for s, e in spans)


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind(c, 0, pos) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, pos) for c in ".!?\n") if i != -1]
    return text[start : min(ends) if ends else len(text)]


def _child_names(text: str, out: _Collector, masked) -> list[tuple[int, int]]:
    """Spans of children's first names: a score from the word lists and the words around."""
    candidates: list[tuple[int, int, float]] = []
    for m in _WORD.finditer(text):
        raw = m.group()
        token = raw.rstrip("'’")
        if token.lower().endswith(("'s", "’s")):
            token = token[:-2]
        start, end = m.start(), m.start() + len(token)
        if len(token) < 2 or not out.free(start, end) or _overlaps(masked, start, end):
            continue
        if "'" in token.replace("’", "'"):
            continue  # "I've", "don't": contractions are never names
        norm = normalise_token(token)
        parts = norm.split("-") if "-" in norm else []
        is_cap = token[0].isupper()
        all_caps = token.isupper() and len(token) > 1
        in_child = norm in lists.CHILD_NAMES or any(p in lists.CHILD_NAMES for p in parts)
        in_adult = norm in lists.ADULT_NAMES and not parts
        if all_caps and not in_child:
            continue
        if not (in_child or in_adult or is_cap):
            continue
        if norm in lists.COMMON_CAPS or norm in lists.ORGANISATIONS or norm in lists.CITIES and not in_child:
            continue
        if norm in lists.TE_REO and not (in_child or in_adult):
            continue
        before = text[max(0, start - 40) : start]
        after = text[end : end + 60]
        initial = bool(_SENTENCE_END.search(before))
        word_name = norm in lists.WORD_NAMES or norm in lists.TE_REO
        if in_child and in_adult:
            score = 0.35
        elif in_child:
            score = 0.6
        elif in_adult:
            score = 0.1
        else:
            score = 0.3 if not initial else 0.1
        if word_name:
            score -= 0.3 if is_cap else 0.5
        if not is_cap and not in_child:
            score -= 0.5
        strong = bool(
            _CHILD_WORD_BEFORE.search(before)
            or _NICKNAME_BEFORE.search(before)
            or _AGE_AFTER_RE.match(after)
            or _CHILD_THING_AFTER.match(after)
            or _CONJ_AFTER.match(after)
            or re.match(r"^(?:'s|’s)\s+", after)
            and CONDITION_RE.match(after.split(None, 1)[-1] if " " in after else "")
        )
        if strong:
            score += 0.6
        elif _NAME_VERB_AFTER.match(after) and not (word_name and not _STRICT_PERSON_VERB_AFTER.match(after)):
            score += 0.2  # a word that is also a name ("River was freezing") needs a person's verb
            if not is_cap and initial and in_child and _PERSON_VERB_AFTER.match(after):
                score += 0.3  # "amber has started self-harming": a name typed in lower case
        if (
            not (in_child or in_adult or strong)
            and is_cap
            and _STRICT_PERSON_VERB_AFTER.match(after)
            and _PERSON_HINT.search(_sentence(text, start))
        ):
            score += 0.3  # "Tanemahuta finally learnt to ride his bike"
        if not (in_child or in_adult) and _PLACE_BEFORE.search(before):
            score -= 0.5  # "at the Domain", "in Takapuna": a place, not a person
        if not strong and (_ADULT_BEFORE.search(before) or _ADULT_AFTER.match(after)):
            score -= 0.8
        candidates.append((start, end, score))
    # "Amber and Millie", "Tamati and Hana's uncle": a name joined to a child's name is a child's.
    accepted = {(s, e) for s, e, score in candidates if score >= 0.5}
    changed = True
    while changed:
        changed = False
        for s, e, score in candidates:
            if (s, e) in accepted or score < 0.0:
                continue
            for s2, e2 in list(accepted):
                between = text[e:s2] if e <= s2 else text[e2:s]
                if re.fullmatch(r"(?:'s|’s)?\s*(?:,|and|&)\s*", between):
                    accepted.add((s, e))
                    changed = True
                    break
    # Lists of three or more names ("Coffee group: Mere, Aroha, Sina, Jess") are members.
    result = []
    for s, e in sorted(accepted):
        if re.search(rf"{_NAME},\s*$", text[max(0, s - 25) : s]) and re.match(rf"^,\s*{_NAME}", text[e : e + 25]):
            continue
        if out.add(s, e, CHILD_NAME, 0.7):
            result.append((s, e))
    return result


def redact(text: str, findings) -> str:
    """The text with each finding replaced by its neutral placeholder."""
    pieces, pos = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        pieces.append(text[pos : f.start])
        pieces.append(f.placeholder)
        pos = f.end
    pieces.append(text[pos:])
    return "".join(pieces)


def detect(text: str) -> list[Finding]:
    """The evaluation script's entry point (no protected names)."""
    return check(text)
