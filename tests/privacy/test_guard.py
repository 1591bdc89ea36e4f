"""The privacy guard, category by category, with the hard negatives of GUIDELINES.md section 4."""

from __future__ import annotations

import pytest

from privacy import guard
from privacy.guard import GuardContext, check, digests_for_name, nhi_valid, nhs_valid, redact

KEY = b"test-key"


def found(text, context=None):
    return [(text[f.start : f.end], f.category) for f in check(text, context)]


def categories(text, context=None):
    return {f.category for f in check(text, context)}


@pytest.mark.parametrize(
    ("text", "fragment", "category"),
    [
        ("my foster son Tama is struggling at school", "Tama", guard.CHILD_NAME),
        ("Aroha (7) drew a lovely picture", "Aroha", guard.CHILD_NAME),
        ("our boy Jayden won his race", "Jayden", guard.CHILD_NAME),
        ("JAYDEN has been suspended again", "JAYDEN", guard.CHILD_NAME),
        ("We call him Moose and he loves it", "Moose", guard.CHILD_NAME),
        ("Kai's been eating us out of house and home", "Kai", guard.CHILD_NAME),
        ("Tanemahuta finally learnt to ride his bike", "Tanemahuta", guard.CHILD_NAME),
        ("Lachie and Ben are fighting constantly", "Ben", guard.CHILD_NAME),
        ("his mum Kayla turned up late", "Kayla", guard.BIRTH_FAMILY_NAME),
        ("Nan Huia wants him for Christmas", "Huia", guard.BIRTH_FAMILY_NAME),
        ("her FB is Jade Hohaia", "Jade Hohaia", guard.BIRTH_FAMILY_NAME),
        ("Aroha was born 3 Feb 2019", "3 Feb 2019", guard.DOB),
        ("DOB 2/4/16 for the form", "2/4/16", guard.DOB),
        ("Jo is 7 today!", "7", guard.DOB),
        ("Mikaere was born in 2019", "2019", guard.DOB),
        ("she starts at Hillside Kindergarten next week", "Hillside Kindergarten", guard.SCHOOL),
        ("they go to Te Kōhanga Reo o Ngā Kuaka", "Te Kōhanga Reo o Ngā Kuaka", guard.SCHOOL),
        ("we're at 12 Rata Road if you need us", "12 Rata Road", guard.ADDRESS),
        ("her mum's back in Ōtara", "Ōtara", guard.ADDRESS),
        ("FGC at Waiwhetū Marae on Friday for Kahu", "Waiwhetū Marae", guard.ADDRESS),
        ("ring me on 021 458 2210", "021 458 2210", guard.PHONE),
        ("+44 (0)20 7946 0991 is our SW's direct line", "+44 (0)20 7946 0991", guard.PHONE),
        ("(09) 634 1287 is our home number", "(09) 634 1287", guard.PHONE),
        ("the kids' dad is on 07700 900123", "07700 900123", guard.PHONE),
        ("email k.smith@gmail.com", "k.smith@gmail.com", guard.EMAIL),
        ("NHI GCG7215", "GCG7215", guard.NHI),
        ("his NHI is pwd02cv", "pwd02cv", guard.NHI),
        ("NHS 428 034 0757", "428 034 0757", guard.NHS_NUMBER),
        ("8112113556 is her NHS number", "8112113556", guard.NHS_NUMBER),
        ("ref CS/2023/04417", "CS/2023/04417", guard.CASE_NUMBER),
        ("Call CYRAS 4471902", "4471902", guard.CASE_NUMBER),
        ("@tash.t.xo is her insta", "@tash.t.xo", guard.SOCIAL_HANDLE),
        ("he's on Roblox as JaxTheBeast2015", "JaxTheBeast2015", guard.SOCIAL_HANDLE),
        ("hearing at Manukau Family Court on 14 March", "Manukau Family Court on 14 March", guard.COURT),
        ("The hearing is in Wolverhampton, 14th Nov 10am", "Wolverhampton, 14th Nov 10am", guard.COURT),
        ("rego LKR482", "LKR482", guard.PLATE),
        ("reg YK19 HFD", "YK19 HFD", guard.PLATE),
        ("Kahu's FASD is getting harder", "FASD", guard.MEDICAL),
        ("Evie is autistic and hates loud noises", "autistic", guard.MEDICAL),
        ("Kiah's been refusing to go to school since contact.", "Kiah", guard.CHILD_NAME),
        ("Lacey-Mae was born 12/03/2019, does she qualify?", "Lacey-Mae", guard.CHILD_NAME),
        ("Hunter says his mum Chantelle is moving to Ōtaki.", "Ōtaki", guard.ADDRESS),
        ("Isla goes to Te Kura Kaupapa Māori o Hoani Waititi.", "Te Kura Kaupapa Māori o Hoani Waititi", guard.SCHOOL),
        (
            "The final hearing for Leo is 3 April at Hamilton District Court.",
            "3 April at Hamilton District Court",
            guard.COURT,
        ),
        ("Callum's birth mum lives at 42 Elm Grove, Salford.", "42 Elm Grove, Salford", guard.ADDRESS),
        ("Text me on 07700900123 and I'll send you the forms.", "07700900123", guard.PHONE),
        ("Nan's number is +64 21 458 2210.", "+64 21 458 2210", guard.PHONE),
        ("Her mum Destiny is on TikTok as destiny.k.2000.", "destiny.k.2000", guard.SOCIAL_HANDLE),
        ("The hearing is at Manchester Civil Justice Centre on 21 March.", "21 March", guard.COURT),
        ("Taika was diagnosed with dyslexia last month.", "dyslexia", guard.MEDICAL),
        ("Summer's been with us 2 years now and she's thriving.", "Summer", guard.CHILD_NAME),
        ("Willow needs it for the eye clinic", "Willow", guard.CHILD_NAME),
        ("rego lkr482 on the van", "lkr482", guard.PLATE),
        ("the hearing on 14/03 at Porirua District Court", "14/03 at Porirua District Court", guard.COURT),
    ],
)
def test_each_category_is_found_with_its_minimal_span(text, fragment, category):
    assert any(fragment in got and got_category == category for got, got_category in found(text)), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sarah will bring scones",
        "thanks Mere, that was lovely",
        "Coffee group: Mere, Aroha, Sina, Jess",
        "Our SW Helen was great today.",
        "Mrs Khan at school has been so understanding.",
        "Happy Children's Day everyone!",
        "10am Wednesdays at the Quaker Meeting House, Friargate",
        "Christmas party Saturday 13 Dec from 2pm",
        "We went to Te Papa and then the Auckland Domain.",
        "Any grandparents in the Waikato?",
        "Lifeline 0800 543 354 or text 1737 any time.",
        "Fosterline 0800 040 7675 helped me.",
        "Samaritans on 116 123 any time.",
        "Call 111 in an emergency, 105 for non urgent.",
        "Taika Waititi's new film is out.",
        "We read Hairy Maclary every night.",
        "Bluey and Bandit are on repeat here.",
        "Our dog Gandalf ate a sock.",
        "Harry Potter marathon this weekend!",
        "Kia ora koutou, ngā mihi for the kai at the hui.",
        "Kai's ready! Come and get it.",
        "The tamariki loved the marae visit, kia kaha whānau.",
        "My 7 year old has FASD.",
        "our girl was born in 2015 and has ADHD",
        "Court is on the 9th, wish us luck.",
        "We have an s101 order now and the LAC review on Thursday.",
        "does anyone know the NHI format?",
        "Our case number keeps changing.",
        "Miss 7 lost her first tooth! T and K are fighting again.",
        "The wee man slept through! My moko is staying for the holidays.",
        "turned 5 last week and had a party",
        "Matariki celebrations at the library on Queen St",
        "Hope everyone had a good weekend!",
        "Summer holidays are nearly here.",
        "Sina and Jess are organising the picnic.",
        "Grace and patience are what I need today.",
        "Kia ora, I'm Aroha and I've been caring for my mokopuna for 3 years.",
        "The kids' birthday party is at the pools on 14 June.",
        "Big thanks to Wiremu for fixing the heater at the hall.",
        "The hui is at Ngā Hau e Whā Marae on Saturday 10am.",
        "Parenting course at the community centre, 45 Queen Street, Thursday 7pm.",
        "We moved to Whanganui last year and it's been great.",
        "Youthline text 234 is good for teens, Healthline 0800 611 116 too.",
        "T turned 10 yesterday and had a blast. K's been so settled.",
        "River was freezing but the kids still went in.",
        "Kmart's school shoes are cheap and last a term.",
        "The car reg is due on 12 June, reminder to self.",
        "Council's school holiday programme is free this year.",
        "I was born in 1975 and never thought I'd be raising teens again.",
        "Bluey's mum Chilli is my parenting hero.",
        "Oh, and Priya's doing the kai roster this month.",
        "Call Oranga Tamariki on 0508 326 459 for the after-hours line.",
        "Support group moved to the Baptist church, 14 Kent Terrace, 7pm Tuesday.",
    ],
)
def test_hard_negatives_pass(text):
    assert found(text) == []


def test_check_digits():
    assert nhi_valid("GCG7215") and nhi_valid("pwd02cv") and nhi_valid("YXL44JV")
    assert not nhi_valid("GCG7216") and not nhi_valid("PWD02CW")
    assert not nhi_valid("IOA1234")  # I and O are never used
    assert nhs_valid("428 034 0757") and nhs_valid("8112113556")
    assert not nhs_valid("428 034 0758")
    assert found("NHI GCG7216 is not a real one") == []
    assert found("4280340758") == []


def test_protected_names_match_normalised_tokens_and_possessives():
    context = GuardContext(protected_digests=frozenset(digests_for_name(KEY, "Tūī")), key=KEY)
    assert found("I think TUI's teacher is lovely", context)[0] == ("TUI", guard.PROTECTED_NAME)
    assert ("tūī", guard.PROTECTED_NAME) in found("tūī slept well", context)
    # The digest cannot be read back and another key does not match.
    other = GuardContext(protected_digests=frozenset(digests_for_name(b"other", "Tūī")), key=KEY)
    assert ("Tui", guard.PROTECTED_NAME) not in found("Tui slept well", other)


def test_protected_hyphenated_and_full_names():
    context = GuardContext(protected_digests=frozenset(digests_for_name(KEY, "Lily-Jade Carr")), key=KEY)
    assert {c for _t, c in found("lily-jade and Carr", context)} == {guard.PROTECTED_NAME}


def test_redact_replaces_each_finding_with_its_placeholder():
    text = "Aroha (7) goes to Hillside Kindergarten, ring 021 458 2210"
    assert redact(text, check(text)) == "[child] ([date]) goes to [school], ring [number]"


def test_findings_explain_themselves_and_mark_high_risk():
    (finding,) = check("ring me on 021 458 2210")
    assert finding.high_risk and finding.placeholder == "[number]"
    assert "phone" in str(finding.explanation)
    assert 0 < finding.confidence <= 1
