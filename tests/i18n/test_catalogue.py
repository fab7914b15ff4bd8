"""The French catalogue is complete and in use: every string the code marks for translation has a French
translation that is not fuzzy and keeps its placeholders, and Django serves it."""

import pytest
from django.utils import translation

from .catalogue import FRENCH_PO, MAKEMESSAGES, extract_messages, is_translated, placeholder_errors, read_catalogue

HOW_TO_FIX = (
    f"Fix: run `{MAKEMESSAGES}`, translate the new entries in {FRENCH_PO.relative_to(FRENCH_PO.parents[3])} "
    "(clear any `#, fuzzy` flag once the translation is checked), and commit the .po."
)


def _label(message):
    text = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}|{text}" if message.context else text


@pytest.fixture(scope="module")
def french():
    return read_catalogue(FRENCH_PO)


def test_every_marked_string_has_a_french_translation(french):
    extracted = extract_messages()
    missing = []
    for message in extracted:
        if not message.id:
            continue  # the header
        ours = french.get(message.id, message.context)
        if ours is None or ours.fuzzy or not is_translated(ours) or ours.pluralizable != message.pluralizable:
            missing.append(_label(message))
    assert len(extracted) > 100, "makemessages found almost nothing: the extraction itself is broken"
    listed = "\n".join(f"  - {text!r}" for text in missing[:30])
    more = f"\n  … and {len(missing) - 30} more" if len(missing) > 30 else ""
    assert not missing, (
        f"{len(missing)} marked string(s) have no French translation, or only a fuzzy one:\n{listed}{more}\n"
        f"{HOW_TO_FIX}"
    )


def test_no_fuzzy_entries_and_translations_keep_their_placeholders(french):
    fuzzy = [_label(m) for m in french if m.id and m.fuzzy]
    assert not fuzzy, f"Fuzzy entries are left out of the compiled catalogue (English shows): {fuzzy[:30]}"
    errors = [error for m in french if m.id for error in placeholder_errors(m)]
    assert not errors, "Translations whose placeholders differ from the msgid's:\n" + "\n".join(errors[:30])


def test_the_compiled_french_catalogue_is_active():
    with translation.override("fr"):
        assert translation.gettext("Your profile is saved.") == "Votre profil est enregistré."
        assert translation.gettext("Hacknight") == "Soirée de code"
        assert translation.gettext("Tomorrow: %(event)s") % {"event": "X"} == "Demain\u00a0: X"
        one, many = "%(count)d civic tech event this week", "%(count)d civic tech events this week"
        assert translation.ngettext(one, many, 1) % {"count": 1} == "1 événement civic tech cette semaine"
        assert translation.ngettext(one, many, 3) % {"count": 3} == "3 événements civic tech cette semaine"
    with translation.override("en"):
        assert translation.gettext("Your profile is saved.") == "Your profile is saved."
