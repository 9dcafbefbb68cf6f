"""The portal's languages: one registry for Django, Wagtail and the templates.

Django knows most of these languages already. Pashto, Dari and Kurmanji are
added here with their native names and text direction, so adding a language
later means an entry in ``EXTRA_LANG_INFO`` (if Django lacks it), one in
``LANGUAGES`` and a catalogue in ``locale/``.
"""

import django.conf.locale

EXTRA_LANG_INFO = {
    "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
    "fa-af": {"bidi": True, "code": "fa-af", "name": "Dari", "name_local": "دری"},
    "kmr": {"bidi": False, "code": "kmr", "name": "Kurdish (Kurmanji)", "name_local": "Kurmancî"},
    "ckb": {"bidi": True, "code": "ckb", "name": "Kurdish (Sorani)", "name_local": "کوردیی ناوەندی"},
}

# German is the source language of all content; the order is the order of the
# language switcher.
LANGUAGES = [
    ("de", "German"),
    ("en", "English"),
    ("ar", "Arabic"),
    ("fa-af", "Dari"),
    ("ps", "Pashto"),
    ("ckb", "Kurdish (Sorani)"),
    ("kmr", "Kurdish (Kurmanji)"),
    ("fr", "French"),
    ("sq", "Albanian"),
    ("sr", "Serbian"),
    ("bn", "Bengali"),
    ("ur", "Urdu"),
]

LANGUAGE_CODES = [code for code, _name in LANGUAGES]


def register_extra_languages():
    """Teach Django the names and direction of languages it does not ship."""
    django.conf.locale.LANG_INFO.update(EXTRA_LANG_INFO)


def bidi_languages():
    """Codes written right to left, with their base codes.

    Django's ``get_language_bidi()`` looks up the base code (``fa`` for
    ``fa-af``), so both forms are listed.
    """
    register_extra_languages()
    info = django.conf.locale.LANG_INFO
    codes = {code for code in LANGUAGE_CODES if info[code].get("bidi")}
    return sorted(codes | {code.split("-")[0] for code in codes})
