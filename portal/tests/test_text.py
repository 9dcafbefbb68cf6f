import pytest

from portal.text import ascii_digits, normalise_name, strip_bidi_controls


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("٥٢٠٦٢", "52062"),
        ("۵۲۰۶۲", "52062"),
        ("۲۰۰۱", "2001"),
        ("+۴۹ ۱۷۶ ۱۲۳۴۵۶۷", "+49 176 1234567"),
        ("52062", "52062"),
    ],
)
def test_arabic_indic_and_persian_digits_become_ascii(typed, stored):
    assert ascii_digits(typed) == stored


@pytest.mark.parametrize(
    "mark",
    ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"],
)
def test_every_direction_mark_and_override_is_stripped(mark):
    assert strip_bidi_controls(f"{mark}Ahmad{mark} Karimi") == "Ahmad Karimi"


def test_letters_of_right_to_left_scripts_are_kept():
    assert strip_bidi_controls("\u200fاحمد") == "احمد"


@pytest.mark.parametrize(
    ("one", "other"), [("  Zoë  Müller", "zoe muller"), ("\u202eAHMAD", "ahmad"), ("احمد", " احمد ")]
)
def test_names_compare_without_case_accents_marks_or_extra_spaces(one, other):
    assert normalise_name(one) == normalise_name(other)


def test_different_names_stay_different():
    assert normalise_name("Ali") != normalise_name("Alia")
