"""The template helpers other templates use: `lang_attr` marks text in another language than the
page; `lurl` puts a site path in the page's language (and leaves shared addresses alone)."""

from django.template import Context, Template
from django.utils import translation


def render(source, **context):
    return Template("{% load i18n_tags %}" + source).render(Context(context))


def test_lang_attr_marks_only_text_in_another_language():
    with translation.override("fr"):
        assert render("<p{% lang_attr code %}>", code="en") == '<p lang="en">'
        assert render("<p{% lang_attr code %}>", code="fr") == "<p>"
        assert render("<p{% lang_attr code %}>", code="fr-ca") == "<p>"
        assert render("<p{% lang_attr code %}>", code="") == "<p>"
    with translation.override("en"):
        assert render("<p{% lang_attr code %}>", code="fr") == '<p lang="fr">'


def test_lurl_follows_the_page_language_but_not_for_shared_addresses():
    with translation.override("fr"):
        assert render('{% lurl "/events/?kind=hackathon" %}') == "/fr/events/?kind=hackathon"
        assert render('{% lurl "/" %}') == "/fr/"
        assert render('{% lurl "/fr/events/" %}') == "/fr/events/"
        assert render('{% lurl "/api/v1/events" %}') == "/api/v1/events"
        assert render('{% lurl "/admin/" %}') == "/admin/"
    with translation.override("en"):
        assert render('{% lurl "/events/" %}') == "/events/"
        assert render('{% lurl "/fr/events/" %}') == "/events/"
