"""Counting SMS segments: GSM-7 fits 160 (153 per part), anything else UCS-2 70 (67)."""

from __future__ import annotations

import pytest

from notifications.sms import is_gsm7, sms_segments


def test_plain_english_is_gsm7():
    assert is_gsm7("Reminder: Coffee morning Wed 2 Dec 10am @ the Hall. Can't come? Reply at https://x.nz/e/1")


def test_gsm7_includes_its_accented_letters_and_extension_characters():
    assert is_gsm7("café Øresund ÄÖÑÜ äöñüà £5 €5 [x] {y} ~^|\\")


def test_a_macron_is_not_gsm7():
    assert not is_gsm7("Kia ora whānau")


def test_lower_case_c_cedilla_is_not_gsm7_only_the_capital_is():
    assert is_gsm7("Ç")
    assert not is_gsm7("ç")


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("", 0),
        ("a", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
    ],
)
def test_gsm7_segments(text, segments):
    assert sms_segments(text) == segments


def test_extension_characters_count_twice():
    assert sms_segments("€" * 80) == 1  # 160 septets
    assert sms_segments("€" * 81) == 2
    assert sms_segments("a" * 159 + "[") == 2


def test_an_escaped_character_is_never_split_across_parts():
    # 306 septets would be two parts by arithmetic, but the € cannot straddle
    # the end of the first part, so it starts the second and a third is needed.
    assert sms_segments("a" * 152 + "€" + "a" * 152) == 3


def test_one_macron_switches_the_whole_text_to_70_characters():
    assert sms_segments("a" * 160) == 1
    assert sms_segments("ā" + "a" * 69) == 1
    assert sms_segments("ā" + "a" * 70) == 2


@pytest.mark.parametrize(("length", "segments"), [(70, 1), (71, 2), (134, 2), (135, 3)])
def test_ucs2_segments(length, segments):
    assert sms_segments("ā" * length) == segments


def test_characters_outside_the_bmp_count_as_two_utf16_units():
    assert sms_segments("🙂" * 35) == 1  # 70 units
    assert sms_segments("🙂" * 36) == 2
    assert sms_segments("ā" * 69 + "🙂") == 2
