"""Te reo Māori for the navigation, headings, buttons and the key caregiver actions.

The glossary (locale/mi/GLOSSARY.md) explains the terms; ``make messages`` writes these into
locale/mi/LC_MESSAGES/django.po wherever the English text is still untranslated, so a
reviewer's corrections made in the .po file are kept. A speaker of te reo Māori should review
every line before the Māori interface is offered to caregivers.
"""

import re
import sys

TERMS = {
    # Navigation and the frame of every page
    "Home": "Kāinga",
    "Events": "Ngā huihuinga",
    "My events": "Aku huihuinga",
    "Groups": "Ngā rōpū",
    "Buddies": "Ngā hoa tautoko",
    "Directory": "Rārangi tautoko",
    "My profile": "Taku kōtaha",
    "Caregivers": "Ngā kaitiaki",
    "Invitations": "Ngā pōwhiri",
    "Admin": "Whakahaere",
    "Operations": "Ngā mahi whakahaere",
    "My answers": "Aku whakautu",
    "Reports": "Ngā pūrongo",
    "Discussion": "Kōrerorero",
    "Language": "Reo",
    "Change language": "Hurihia te reo",
    "Skip to main content": "Peke ki te ihirangi matua",
    "Main": "Matua",
    "Menu": "Tahua",
    "Account": "Pūkete",
    "Sign out": "Takiputa",
    "Accessibility": "Te āheinga",
    "Accessibility statement": "Tauākī āheinga",
    "Error:": "Hapa:",
    "Pages": "Ngā whārangi",
    "Previous": "O mua",
    "Next": "Panuku",
    "Search": "Rapu",
    "Clear": "Ūkuia",
    "Edit": "Whakatikaina",
    "Cancel": "Whakakorea",
    "Region": "Rohe",
    "National": "Ā-motu",
    # Events and replies
    "All events": "Ngā huihuinga katoa",
    "Past events": "Ngā huihuinga o mua",
    "Find an event": "Kimihia he huihuinga",
    "Create an event": "Waihangatia he huihuinga",
    "Filter events": "Tātaritia ngā huihuinga",
    "Show events": "Whakaaturia ngā huihuinga",
    "Family-friendly": "Pai mō te whānau",
    "Going": "Ka haere",
    "On the waitlist": "Kei te rārangi tatari",
    "Cancelled": "Kua whakakorea",
    "Reply": "Whakautu",
    "Your reply": "Tō whakautu",
    "Change my reply": "Hurihia taku whakautu",
    "Cancel my reply": "Whakakorea taku whakautu",
    "Send my reply": "Tukuna taku whakautu",
    "Keep my reply as it was": "Waiho taku whakautu kia pērā tonu",
    "Not now": "Kāore i tēnei wā",
    "Back to the event": "Hoki ki te huihuinga",
    "Add to calendar": "Tāpiria ki te maramataka",
    "Add to my calendar (.ics file)": "Tāpiria ki taku maramataka (kōnae .ics)",
    "You're going": "Ka haere koe",
    "You said no": "I kī koe kāore",
    "You're on the waitlist": "Kei te rārangi tatari koe",
    "You have no events coming up.": "Kāore ō huihuinga e tū mai ana.",
    "Your next events": "Ō huihuinga e tū mai ana",
    "All my events": "Aku huihuinga katoa",
    # Groups
    "Your groups": "Ō rōpū",
    "All groups": "Ngā rōpū katoa",
    "Filter groups": "Tātaritia ngā rōpū",
    "Show groups": "Whakaaturia ngā rōpū",
    "Create a group": "Waihangatia he rōpū",
    "Members": "Ngā mema",
    "Facilitators": "Ngā kaiwhakahaere",
    "Join this group": "Hono atu ki tēnei rōpū",
    "Ask to join": "Tono kia hono atu",
    "Leave this group": "Wehe atu i tēnei rōpū",
    "Withdraw my request": "Unuhia taku tono",
    "The group agreement": "Te whakaaetanga ā-rōpū",
    "Accept the agreement": "Whakaaetia te whakaaetanga",
    "Back to the group": "Hoki ki te rōpū",
    "Next meetings": "Ngā hui e whai ake nei",
    "All meetings": "Ngā hui katoa",
    "Schedule a meeting": "Whakaritea he hui",
    "Evening": "Ahiahi",
    "Weekend": "Mutunga wiki",
    "Full": "Kua kī",
    # Buddies, directory, profile
    "Your buddy": "Tō hoa tautoko",
    "Your social worker": "Tō tauwhiro",
    "Support directory": "Rārangi tautoko",
    "Search the directory": "Rapua te rārangi tautoko",
    "Save my details": "Tiakina aku taipitopito",
    # The support directory: search, filters and a listing's page (issue 14)
    "Topic": "Kaupapa",
    "Topics": "Ngā kaupapa",
    "For": "Mō",
    "Kind": "Momo",
    "kind": "momo",
    "Everyone": "Te katoa",
    "All kinds": "Ngā momo katoa",
    "All topics": "Ngā kaupapa katoa",
    "My region and national": "Taku rohe me te ā-motu",
    "All regions": "Ngā rohe katoa",
    "National only": "Ā-motu anake",
    "Support organisation": "Tōpūtanga tautoko",
    "Helpline": "Waea āwhina",
    "Training course": "Akoranga whakangungu",
    "Resource": "Rauemi",
    "Foster caregivers": "Ngā kaitiaki atawhai",
    "Kinship / whānau caregivers": "Ngā kaitiaki whānau",
    "How to contact": "Me pēhea te whakapā atu",
    "How to join": "Me pēhea te hono atu",
    "Opening hours": "Ngā hāora tuwhera",
    "Cost": "Utu",
    "Phone": "Waea",
    "Email": "Īmēra",
    "Website": "Paetukutuku",
    "Last checked": "I tirohia whakamutunga",
    "Back to the directory": "Hoki ki te rārangi tautoko",
    "Send to a caregiver": "Tukuna ki tētahi kaitiaki",
    "Send": "Tukuna",
    "Record training you completed": "Tuhia te akoranga kua oti i a koe",
    "Nothing matches. Try other words, or clear the filters.": (
        "Kāore he mea e hāngai ana. Whakamātauria ētahi atu kupu, ūkuia rānei ngā tātari."
    ),
    # The care map: its headings, the add form, sharing (issue 14)
    "My care map": "Taku mahere manaaki",
    "Your care map": "Tō mahere manaaki",
    "Your care map, drawn": "Tō mahere manaaki, kua tuhia",
    "My care map: who supports you": "Taku mahere manaaki: ko wai e tautoko ana i a koe",
    "Open my care map": "Whakatuwheratia taku mahere manaaki",
    "Add to your map": "Tāpiria ki tō mahere",
    "Add to my map": "Tāpiria ki taku mahere",
    "The same map as a list": "Te mahere anō, hei rārangi",
    "Ideas for your map": "He whakaaro mō tō mahere",
    "Sharing with your social worker": "Te tiri ki tō tauwhiro",
    "Share with %(name)s": "Tiria ki a %(name)s",
    "Stop sharing": "Kāti te tiri",
    "Who has looked at your map": "Ko wai kua titiro ki tō mahere",
    "Shapes on the drawing": "Ngā āhua o te tuhinga",
    "You": "Ko koe",
    "Person": "Tangata",
    "Group": "Rōpū",
    "Professional": "Ngaio",
    "Organisation": "Tōpūtanga",
    "Close": "Tata",
    "Regular": "Auau",
    "Occasional": "I ētahi wā",
    "name or role": "ingoa, tūranga rānei",
    "how close": "te tata",
    "note": "tuhipoka",
    "Peer group (optional)": "Rōpū hoa (kāore i te herea)",
    "Directory listing (optional)": "Whakarārangi tautoko (kāore i te herea)",
    "None": "Kore",
    "Nobody on this ring yet.": "Kāore anō he tangata i tēnei porowhita.",
    'Change <span class="visually-hidden">%(label)s</span>': 'Hurihia <span class="visually-hidden">%(label)s</span>',
    'Remove <span class="visually-hidden">%(label)s</span>': 'Tangohia <span class="visually-hidden">%(label)s</span>',
    # Texts caregivers get (the key actions: a reply confirmed, a reminder)
    "Change:": "Hurihia:",
    "Reminder: %(title)s %(when)s, %(venue)s. Can't come?": (
        "Hei whakamaumahara: %(title)s %(when)s, %(venue)s. Kāore e taea te haere mai?"
    ),
    # The accessibility statement's headings and button
    "Tell us about a problem": "Kōrero mai mō tētahi raruraru",
    "Send the report": "Tukuna te pūrongo",
}


def po_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def fill(po_path: str) -> int:
    """Write each term into the .po file where its English text is still untranslated."""
    with open(po_path, encoding="utf-8") as f:
        po = f.read()
    filled = 0
    for english, maori in TERMS.items():
        msgid = po_escape(english)
        # makemessages (msgmerge) guesses a translation for a new text from a similar one and
        # marks it fuzzy ("Your care map" got "Tō whakautu"): a guess, never a reviewer's
        # word, and not compiled. For a glossary term the guess gives way to the term.
        fuzzy = re.compile(
            r'\n#, fuzzy(?:, ([^\n]*))?\n(?:#\|[^\n]*\n)*(msgid "' + re.escape(msgid) + r'"\n)msgstr "[^\n]*"\n'
        )
        po = fuzzy.sub(lambda m: "\n" + (f"#, {m.group(1)}\n" if m.group(1) else "") + m.group(2) + 'msgstr ""\n', po)
        pattern = re.compile(r'(\nmsgid "' + re.escape(msgid) + r'"\n)msgstr ""\n')
        # The translation is escaped like the msgid: a term with quotes (HTML) stays valid.
        msgstr = po_escape(maori)
        po, count = pattern.subn(lambda m, msgstr=msgstr: m.group(1) + 'msgstr "' + msgstr + '"\n', po)
        filled += count
    with open(po_path, "w", encoding="utf-8") as f:
        f.write(po)
    return filled


if __name__ == "__main__":
    print(f"glossary: {fill(sys.argv[1])} texts translated")
