"""Word lists the privacy guard reads (no I/O at run time: plain Python sets).

The lists follow /work/shared/privacy/GUIDELINES.md: child-generation first names (NZ and UK
baby names of the last twenty years, te reo Māori and Pasifika names), adult first names (group
members, professionals: a name on its own never identifies a child), first names that are also
ordinary words or te reo vocabulary (a name only with a name cue), and the public places, events,
organisations, famous people and characters that are hard negatives.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CHILD_NAMES = _words(
    """
    oliver jack noah leo george william james charlie thomas harry lucas hunter mason liam ethan
    oscar arlo archie alfie freddie freddy theo theodore henry jacob joshua josh samuel sam daniel
    benjamin ben max riley logan cooper carter jaxon jackson jayden braxton kingston ryder hudson
    beau levi luca luka elijah isaac finn finley harvey tyler kyle dylan connor callum lewis jamie
    aiden ayden caleb cody toby ollie ezra nathan nate aaron adam alex alexander zac zach zachary
    xavier jordan brayden kayden bailey blake ashton reuben reece rhys rory seth sebastian sonny
    tommy teddy frankie reggie ronnie tristan troy zane zion kobe kyrie malachi micah jaxson jax
    kayson nikau manaia ihaia tamati matiu pita hemi wiremu rawiri tane tāne kahu tai ari ariki
    rangi kupe hone nikora tipene tawhiri tamahou rewi tukino kauri tama sione tevita viliami
    ioane malakai semisi isileli sefo tavita siaosi mikaere arama whetu hohepa te-rangi
    jesse joel jake jakob kieran kian kai kaiden kaden keegan harrison harley harlow hayden jensen
    jett jonah jude kaleb lachlan lincoln lukas marcus mateo nico nikolai parker quinn ronan
    ryan ryder sean spencer stanley tobias travis tyson vincent wyatt zayn zayden ayaan mohammed
    muhammad ibrahim yusuf omar ali rowan arthur albie louie louis albert edward elliot elliott
    jasper jenson kairo koa rafael river brody bodhi
    olivia charlotte amelia isla ava mia emily sophie sophia ruby grace lily harper willow evie
    ella isabella isabelle poppy zoe zoey chloe aria ivy hazel maia maisie millie matilda layla
    lola paige amber jasmine harmony piper shania aaliyah nevaeh jessica hannah hana madison
    madeleine kaitlyn caitlin sienna scarlett summer freya daisy rosie phoebe imogen holly molly
    elsie esme florence nina eva evelyn georgia alice lucy emma erin abby abigail addison aurora
    bella brooklyn skye kora kiri aroha anahera awhina ataahua hine hinemoa marama mereana ngaio
    ruia tui tūī kaia kaea tia tiana talia leilani lani mele losana salote kiara keira kira lilly
    jada bonnie luna stella violet ayla maddison mackenzie tayla brianna destiny trinity mikaela
    kaylee kayleigh lacey macey macy mila mya maya amelie ellie eliza elizabeth leah lexi lexie
    lottie lydia mabel maddie madison maeve margot martha meadow millie-mae nova orla penelope
    pippa quinn rosa rose sadie sara savannah serena sofia thea tilly willa zara zoe-lee
    lily-rose lily-jade lily-mae ivy-rose tegan teagan shakira tahlia tyla jorja amaya anaya
    arabella ariana athena billie bo eden elena everly frankie-rose gracie harriet heidi hallie
    indie iris isobel jemima kacey kenzie kyla lyla lyra marley mckenzie mikayla niamh ocean
    ophelia orlaith paisley peyton reign remi rihanna riley-jo romy ruby-mae saoirse sienna-rose
    tahlia-rose tiare waimarie wikitoria hinewai manawa kahurangi maiangi tamara hope storm
    """
)

ADULT_NAMES = _words(
    """
    sarah meg anna kath kathy helen mere sina jess jacinta sharon kerry nicole tracey tracy kelly
    gary shane trent brendon brendan courtney kayla kelly-ann ripeka huia jean sue susan karen
    julie lisa michelle rachel rebecca claire donna debbie mandy tina wendy mark paul john david
    steve steven peter andrew chris mike dave tony kevin wayne darren craig brent glen anne mary
    linda jo jan pam bev marg heather fiona angela lynne diane carol barbara gillian jane jenny
    jennifer kate katie karen kirsty leanne lorraine maria mel melissa nic nikki sally sandra
    shirley tania tanya toni vicky wiremu aroha mihi hemi rangi tamihana whaea liz beth bridget
    brian colin dean derek gavin graham grant ian keith neil nigel phil richard rob robert roger
    ross scott stuart terry tim trevor warren simon jason justin jodie joanne jacqui jackie
    kiri moana ngaire tui wiki ana mereana awhina hine kahu koha sina losa fetu sefa pania
    marie stacey stacy kylie leah amanda emma sophie laura hannah jess jessie megan
    """
)

# First names that are also ordinary English words, te reo Māori vocabulary or well-known
# characters: a name only with a name cue (a verb, a possessive, an age, a child word).
WORD_NAMES = _words(
    """
    aroha mana tama kai awhina tui tūī kauri summer hope river storm harry matilda grace amber
    willow piper harmony hunter jack ruby rose sky skye autumn faith joy will may june april bill
    max chase mason carter cooper taylor bailey destiny trinity honey poppy daisy holly ivy hazel
    violet lily olive jade pearl crystal dawn sunny rocky reign king prince ocean meadow nova
    moana maui marama ngaio huia kora rangi tane koa bodhi eden iris luna stella billie bo
    frank mark grant dean glen rob will art parker quinn river jasper
    """
)

# Te reo Māori words that are never names on their own (GUIDELINES 4.9).
TE_REO = _words(
    """
    whānau whanau tamariki mokopuna moko kai aroha mana tama hui marae kura kōhanga kohanga whāngai
    whangai tangi kōrero korero karakia kaumātua kaumatua wairua tūrangawaewae turangawaewae kia
    ora tēnā tena koutou ngā nga mihi kaha awhina tūī tui kauri kei te pēhea pehea ka pai rōpū
    ropu kapa haka reo mātua matua whaea koro kuia nanny pēpi pepi tamaiti rangatahi mahi whare
    wharekai wharenui hapū hapu iwi waka pōwhiri powhiri tikanga taonga mokopuna
    """
)

# Words that start sentences or are capitalised in posts but are never names.
COMMON_CAPS = _words(
    """
    i a an the and or but so if is it its it's this that these those we our us you your yours
    he him his she her they them their my me mine who what when where why how which any anyone
    anybody everyone everybody someone somebody nobody no yes not just also still only even
    please thanks thank sorry hi hey hello morning afternoon evening night oh ok okay well right
    happy merry good great lovely quick remind does do did has have had was were are be been
    can can't could would should will won't don't didn't isn't wasn't anyone's honestly
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december mon tue tues wed thu thurs fri sat sun jan feb
    mar apr jun jul aug sep sept oct nov dec today tomorrow tonight yesterday weekend christmas
    easter diwali eid matariki waitangi new year day week month term holidays
    mum mom dad nan nana nanna grandma granny grandad grandpa koro kuia aunty auntie aunt uncle
    cousin brother sister baby bub son daughter boy girl kid kids child children teen teens
    sw la ot gp lac fgc cp nhs nhi cyras camhs ehcp sen sendco senco ld iep pda adhd asd odd
    fasd ptsd dob ref reg rego court hearing judge lawyer school kindy daycare nursery college
    teacher principal head mr mrs ms miss dr st saint te o ngā our caregiver caregivers carer
    carers foster fostering kinship respite placement contact support group coffee meeting
    after before since until then there here now new old first last next every each all some
    most many much more less few lot lots one two three four five six seven eight nine ten
    facebook fb insta instagram tiktok snapchat roblox discord whatsapp youtube twitter
    police doctor nurse paediatrician gp dentist hospital starship
    plus also though although because while with without from into onto about for
    """
)

# Shops, services and public bodies: capitalised, possessive, never a child.
ORGANISATIONS = _words(
    """
    kmart tesco asda aldi lidl sainsbury sainsburys primark argos warehouse farmers countdown woolworths
    paknsave pak'nsave briscoes rebel amazon netflix disney google youtube council ministry government
    winz msd ird acc ofsted dfe nhs camhs plunket barnardo barnardos salvation army sallies kidscan
    mcdonalds mcdonald's kfc subway ikea boots smiths whitcoulls trademe spotify lego nintendo
    """
)

CITIES = _words(
    """
    auckland wellington hamilton tauranga christchurch dunedin rotorua napier hastings nelson
    palmerston north new plymouth whangārei whangarei invercargill porirua hutt lower upper
    gisborne timaru whanganui wanganui taupō taupo blenheim masterton levin kapiti kāpiti
    waikato northland canterbury otago southland bay plenty hawke's hawkes taranaki manawatū
    manawatu wairarapa marlborough tasman westland coast shore valley south west east
    manchester leeds london birmingham bristol liverpool glasgow edinburgh cardiff belfast
    sheffield nottingham leicester bolton swansea carlisle newcastle bradford coventry derby
    wolverhampton plymouth southampton portsmouth brighton oxford cambridge york hull stoke
    preston blackpool sunderland norwich exeter reading luton milton keynes aberdeen dundee
    scotland england wales ireland uk nz new zealand aotearoa australia midlands yorkshire
    lancashire kent essex devon cornwall surrey sussex the
    """
)

# Public events, places, organisations, famous people and characters (GUIDELINES 4.3-4.8):
# masked before names are looked for.
PUBLIC_PHRASES = (
    "Children's Day",
    "Mother's Day",
    "Father's Day",
    "Waitangi Day",
    "Pink Shirt Day",
    "Caregiver Awareness Week",
    "Foster Care Fortnight",
    "Children in Need",
    "World Book Day",
    "Bonfire night",
    "Te Papa",
    "Starship",
    "Auckland Domain",
    "Heaton Park",
    "Te Puea Marae",
    "Oranga Tamariki",
    "Kāinga Ora",
    "Kainga Ora",
    "Barnardo's",
    "Fostering Network",
    "Grandparents Raising Grandchildren",
    "VOYCE Whakarongo Mai",
    "Taika Waititi",
    "David Attenborough",
    "Ed Sheeran",
    "Taylor Swift",
    "Jacinda Ardern",
    "Bluey",
    "Bandit",
    "Bingo",
    "Chilli",
    "Muffin",
    "Moana",
    "Maui",
    "Elsa",
    "Anna and Elsa",
    "Paddington",
    "Peppa Pig",
    "Hairy Maclary",
    "Harry Potter",
    "Hermione",
    "Matilda the Musical",
    "Miss Trunchbull",
    "Gandalf",
    "Gruffalo",
    "Wiggles",
    "Paw Patrol",
    "Spider-Man",
    "Spiderman",
    "Santa",
    "Father Christmas",
    "Mickey Mouse",
    "Peter Rabbit",
    "Lightning McQueen",
    "Buzz Lightyear",
    "Dora",
    "Lifeline",
    "Healthline",
    "Youthline",
    "Samaritans",
    "Childline",
    "Fosterline",
    "Family Lives",
    "Kids Help Line",
    "Te Whare Tapa Whā",
    "Circle of Security",
)

# Named diagnoses, conditions and disabilities (MEDICAL, only with a named child).
CONDITIONS = (
    "reactive attachment disorder",
    "attachment disorder",
    "foetal alcohol spectrum disorder",
    "fetal alcohol spectrum disorder",
    "foetal alcohol syndrome",
    "fetal alcohol syndrome",
    "selective mutism",
    "sensory processing disorder",
    "global developmental delay",
    "developmental delay",
    "cerebral palsy",
    "spina bifida",
    "cystic fibrosis",
    "down syndrome",
    "down's syndrome",
    "tourette's",
    "tourettes",
    "tourette syndrome",
    "oppositional defiant disorder",
    "intellectual disability",
    "learning disability",
    "type 1 diabetes",
    "diabetes",
    "epilepsy",
    "epileptic",
    "autism",
    "autistic",
    "asperger's",
    "aspergers",
    "dyslexia",
    "dyslexic",
    "dyspraxia",
    "dyscalculia",
    "anxiety disorder",
    "eating disorder",
    "anorexia",
    "bipolar",
    "schizophrenia",
    "depression",
    "fasd",
    "adhd",
    "asd",
    "pda",
    "odd",
    "ptsd",
    "c-ptsd",
    "cptsd",
    "ocd",
    "rad",
    "spd",
    "gdd",
    "asthma",
    "hiv",
    "hep c",
)
