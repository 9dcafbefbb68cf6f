"""Text as people type it on phones in many scripts, made comparable and safe to show.

Phones in Arabic, Dari, Pashto and Urdu often type Arabic-Indic (٠–٩) or
Persian (۰–۹) digits; right-to-left keyboards add invisible direction marks,
and override characters can reorder what staff read. These helpers are the
one place that decides how such text is cleaned and compared.
"""

import unicodedata

# Direction marks and embeddings/overrides/isolates: LRM, RLM, LRE…RLO, LRI…PDI.
BIDI_CONTROLS = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Arabic-Indic (U+0660–0669) and extended Arabic-Indic, i.e. Persian/Urdu (U+06F0–06F9), digits.
ASCII_DIGITS = {**{0x0660 + n: str(n) for n in range(10)}, **{0x06F0 + n: str(n) for n in range(10)}}


def strip_bidi_controls(text):
    """``text`` without invisible direction marks and overrides."""
    return text.translate(BIDI_CONTROLS)


def ascii_digits(text):
    """``text`` with Arabic-Indic and Persian digits written as 0–9."""
    return text.translate(ASCII_DIGITS)


def normalise_name(name):
    """A name as it is compared: no direction marks, no accents, case-folded, single spaces.

    "  Zoë  Müller" and "zoe muller" compare equal; scripts without Latin
    letters keep their letters (only combining marks are dropped).
    """
    decomposed = unicodedata.normalize("NFKD", strip_bidi_controls(name))
    without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(without_marks.casefold().split())
