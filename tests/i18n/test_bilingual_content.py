"""Content in English and French on one page: the visitor's language when it exists, the other one
otherwise (with its language said), and one event whatever the language."""

import pytest
from django.conf import settings
from django.utils import translation

from accounts.languages import strip_prefix
from events.bilingual import localized
from events.models import EventPage, GroupPage
from tests.guards.html_forms import forms_in

pytestmark = pytest.mark.django_db


# -- localized(): the reader's language first, the other as a fallback -----------------------------------


def test_an_english_page_with_french_text_gives_each_reader_their_language(make_event):
    event = make_event("Data for good night", summary="Bring a laptop.", title_fr="Soirée données pour le bien")
    assert (localized(event, "title", "fr").value, localized(event, "title", "fr").lang) == (
        "Soirée données pour le bien",
        "fr",
    )
    assert (localized(event, "title", "en").value, localized(event, "title", "en").lang) == (
        "Data for good night",
        "en",
    )
    # No French summary: a French reader gets the English one, said to be English.
    summary = localized(event, "summary", "fr-ca")
    assert (summary.value, summary.lang) == ("Bring a laptop.", "en")


def test_a_french_only_page_falls_back_to_french_for_english_readers(make_event):
    event = make_event("Soirée de hacking citoyen", summary="Apportez votre portable.", source_language="fr")
    title = localized(event, "title", "en")
    assert (title.value, title.lang) == ("Soirée de hacking citoyen", "fr")
    assert localized(event, "summary", "fr").lang == "fr"


def test_the_active_language_chooses_and_display_properties_follow_it(make_event):
    event = make_event("Hack night", title_fr="Soirée de hacking")
    with translation.override("fr"):
        assert str(event.display_title) == "Soirée de hacking"
        assert event.display_title.lang == "fr"
    with translation.override("en"):
        assert str(event.display_title) == "Hack night"


def test_an_empty_rich_text_or_stream_counts_as_missing(make_group):
    group = make_group("Civic Tech Ottawa", body="<p>We meet weekly.</p>", body_fr="<p></p>")
    body = localized(group, "body", "fr")
    assert (body.value, body.lang) == ("<p>We meet weekly.</p>", "en")


# -- search: French words find the event too ------------------------------------------------------------


def test_listing_search_finds_an_event_by_a_word_only_in_its_french_body(client, make_event):
    body_fr = [{"type": "paragraph", "value": "<p>Nous cartographions les <b>pistes cyclables</b> d’hiver.</p>"}]
    make_event("Bike lanes night", summary="Mapping.", body_fr=body_fr)
    make_event("Unrelated meetup", summary="Something else.")
    found = client.get("/events/", {"q": "cyclables"}).content.decode()
    assert "Bike lanes night" in found and "Unrelated meetup" not in found
    # Without accents and in another case, as people type in a search box.
    assert "Bike lanes night" in client.get("/events/", {"q": "D’HIVER"}).content.decode()


def test_listing_search_finds_french_titles_and_summaries_without_accents(client, make_event):
    make_event("Open data day", title_fr="Journée des données ouvertes", summary_fr="Un hackathon d’une journée.")
    assert "Open data day" in client.get("/events/", {"q": "donnees ouvertes"}).content.decode()
    assert "Open data day" in client.get("/events/", {"q": "hackathon d’une"}).content.decode()
    assert "Open data day" not in client.get("/events/", {"q": "patinoire"}).content.decode()


# -- the organizer writes French in the editor's Français tab --------------------------------------------


def _editor_post(client, url, **changes):
    response = client.get(url)
    assert response.status_code == 200, url
    form = max((f for f in forms_in(response.content.decode(), url) if f.method == "post"), key=lambda f: len(f.fields))
    data = form.data(**changes)
    data["action-publish"] = ["action-publish"]
    return client.post(form.action, data)


@pytest.fixture
def page_editor(make_user, make_group, site_tree):
    """A group's organizer with Wagtail's page permissions on /events/ and /groups/ (the group rule
    still limits them to their own group's pages)."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    user = make_user(email="organizer@example.org", name="Olu Organizer")
    team = Group.objects.create(name="Organizers")
    team.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(team)
    group = make_group("Civic Tech Ottawa")
    group.organizers.add(user)
    group.save_revision().publish()
    for page in (site_tree["events"], site_tree["groups"]):
        for codename in ("add_page", "change_page", "publish_page"):
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.create(group=team, page=page, permission=permission)
    return user, group


def test_the_editor_has_a_francais_tab_and_saves_the_french_fields(client, page_editor, make_event):
    organizer, group = page_editor
    event = make_event("Ottawa hacknight", group=group)
    client.force_login(organizer)
    edit = f"/admin/pages/{event.pk}/edit/"
    page = client.get(edit).content.decode()
    assert "Français" in page and 'name="title_fr"' in page and 'name="summary_fr"' in page
    response = _editor_post(
        client, edit, title_fr="Soirée de hacking d’Ottawa", summary_fr="Chaque mardi.", source_language="en"
    )
    assert response.status_code == 302
    saved = EventPage.objects.get(pk=event.pk)
    assert (saved.title_fr, saved.summary_fr) == ("Soirée de hacking d’Ottawa", "Chaque mardi.")
    with translation.override("fr"):
        assert str(saved.display_title) == "Soirée de hacking d’Ottawa"

    group_edit = f"/admin/pages/{group.pk}/edit/"
    assert _editor_post(client, group_edit, summary_fr="Le groupe civic tech d’Ottawa.").status_code == 302
    assert GroupPage.objects.get(pk=group.pk).summary_fr == "Le groupe civic tech d’Ottawa."


def test_a_too_long_french_title_is_a_form_error_not_a_500(client, page_editor, make_event):
    organizer, group = page_editor
    event = make_event("Short title", group=group)
    client.force_login(organizer)
    response = _editor_post(client, f"/admin/pages/{event.pk}/edit/", title_fr="é" * 300, summary_fr="x" * 600)
    assert response.status_code == 200
    body = response.content.decode()
    assert "title_fr" in body and "error" in body
    assert EventPage.objects.get(pk=event.pk).title_fr == ""


# -- what visitors see --------------------------------------------------------------------------------
# A French view is /fr/<path>, an English one the unprefixed path. `page.url` follows the language active
# in the test's thread (a French request leaves French active), so the path is taken without its prefix.


def get_in(client, path, language, **params):
    path = strip_prefix(path)
    try:
        return client.get("/fr" + path if language == "fr" else path, params)
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # as a new request finds the thread


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def main_of(page_html):
    """The page's own content (the header's language switcher names each language in itself)."""
    return page_html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _bilingual_event(make_event, **fields):
    body = [{"type": "paragraph", "value": "<p>We map bike lanes.</p>"}]
    body_fr = [{"type": "paragraph", "value": "<p>Nous cartographions les pistes cyclables.</p>"}]
    return make_event(
        "Bike lanes night",
        summary="Map the city's bike lanes.",
        body=body,
        title_fr="Soirée pistes cyclables",
        summary_fr="Cartographiez les pistes cyclables de la ville.",
        body_fr=body_fr,
        **fields,
    )


def test_the_french_view_shows_the_french_text_without_lang_marks(client, make_event):
    event = _bilingual_event(make_event)
    french = html_of(get_in(client, event.url, "fr"))
    assert '<html lang="fr' in french
    assert '<h1 class="event__title">Soirée pistes cyclables</h1>' in french
    assert '<p class="lead">Cartographiez les pistes cyclables de la ville.</p>' in french
    assert "Nous cartographions les pistes cyclables." in french and "We map bike lanes." not in french
    assert 'lang="en"' not in main_of(french)  # every piece of the event's text is French: nothing to mark
    assert '<meta property="og:title" content="Soirée pistes cyclables">' in french
    assert "<title>Soirée pistes cyclables · Des activités civic tech, ensemble</title>" in french
    assert '"name": "Soirée pistes cyclables"' in french and '"inLanguage": "fr-CA"' in french

    english = html_of(get_in(client, event.url, "en"))
    assert '<h1 class="event__title">Bike lanes night</h1>' in english
    assert "We map bike lanes." in english and "Nous cartographions" not in english
    assert 'lang="fr"' not in main_of(english)


def test_an_english_visitor_sees_a_french_only_event_marked_french(client, make_group, make_event):
    group = make_group("Civic Tech Montréal", source_language="fr", summary="Des soirées en français.")
    event = make_event(
        "Soirée de hacking citoyen",
        group=group,
        source_language="fr",
        summary="Apportez votre portable.",
        body=[{"type": "paragraph", "value": "<p>Travail en équipes.</p>"}],
    )
    english = html_of(get_in(client, event.url, "en"))
    assert '<html lang="en' in english
    assert '<h1 class="event__title"><span lang="fr">Soirée de hacking citoyen</span></h1>' in english
    assert '<p class="lead" lang="fr">Apportez votre portable.</p>' in english
    assert '<div class="event__body" lang="fr"><p>Travail en équipes.</p></div>' in english.replace("\n", "")
    # The card in the English listing, and the group page, say so too.
    listing = html_of(get_in(client, "/events/", "en"))
    assert '<h3 class="event-card__title" lang="fr">' in listing
    assert '<p class="event-card__summary" lang="fr">Apportez votre portable.</p>' in listing
    group_page = html_of(get_in(client, group.url, "en"))
    assert '<h1 lang="fr">Civic Tech Montréal</h1>' in group_page
    # A French visitor reads the same text with nothing to mark.
    french = html_of(get_in(client, event.url, "fr"))
    assert '<h1 class="event__title">Soirée de hacking citoyen</h1>' in french
    assert 'lang="fr"' not in main_of(french)


def test_a_french_visitor_of_an_english_only_event_sees_it_marked_english(client, make_event):
    event = make_event("Data clinic", summary="Bring a chart.")
    french = html_of(get_in(client, event.url, "fr"))
    assert '<span lang="en">Data clinic</span>' in french
    assert '<p class="lead" lang="en">Bring a chart.</p>' in french


def _seats_and_form(page_html):
    import re

    seats = re.search(r'data-testid="seats">(.*?)</p>', page_html, re.S).group(1)
    form = re.search(r'<form method="post" action="([^"]+)" class="registration-form"', page_html)
    dates = re.findall(r'href="\?date=(\d{4}-\d{2}-\d{2})"', page_html)
    return re.findall(r"\d+", seats), form and form.group(1).removeprefix("/fr"), dates


def test_one_event_one_set_of_dates_seats_and_registrations_in_both_languages(client, make_event, make_user):
    from events.services.registration import register

    event = _bilingual_event(make_event, repeat="weekly", capacity=5)
    first = event.occurrences.order_by("start").first()
    for _person in range(2):
        register(make_user(), first, accept_code_of_conduct=True)
    client.force_login(make_user())
    english = _seats_and_form(html_of(get_in(client, event.url, "en")))
    french = _seats_and_form(html_of(get_in(client, event.url, "fr")))
    assert english == french
    seats, action, dates = english
    assert seats == ["2", "3"]  # 2 going, 3 seats left, on the one date both views show
    assert f"/{first.pk}/" in action
    assert len(dates) >= 4
    # Registering through the French page's form takes a seat of the same date.
    import re

    french_html = html_of(get_in(client, event.url, "fr"))
    french_action = re.search(r'action="([^"]+)" class="registration-form"', french_html).group(1)
    response = client.post(french_action, {})
    assert response.status_code in (200, 302)
    assert first.registrations.count() == 3
    for language in ("en", "fr"):
        assert _seats_and_form(html_of(get_in(client, event.url, language)))[0] == ["3", "2"]


def test_cards_home_and_group_index_use_the_visitors_language(client, site_tree, make_group, make_event):
    group = make_group("Code for Canada", title_fr="Code pour le Canada", summary="Supports civic tech groups.")
    make_event("Open Data Day hackathon", group=group, title_fr="Hackathon de la Journée des données ouvertes")
    home = site_tree["home"]
    home.headline_fr = "Bâtir une ville meilleure, ensemble"
    home.save_revision().publish()
    french_home = html_of(get_in(client, "/", "fr"))
    assert '<h1 class="hero__title">Bâtir une ville meilleure, ensemble</h1>' in french_home
    assert "Hackathon de la Journée des données ouvertes" in french_home
    assert '<span class="group-chip__name">Code pour le Canada</span>' in french_home
    groups = html_of(get_in(client, "/groups/", "fr"))
    assert "Code pour le Canada" in groups
    assert '<p lang="en">Supports civic tech groups.</p>' in groups  # no French summary: the English one, marked
    english_home = html_of(get_in(client, "/", "en"))
    assert "Build a better city, together" in english_home and "Code pour le Canada" not in english_home


def test_a_nul_byte_in_a_french_field_is_refused_and_changes_nothing(client, page_editor, make_event):
    organizer, group = page_editor
    event = make_event("Short title", group=group)
    client.force_login(organizer)
    response = _editor_post(client, f"/admin/pages/{event.pk}/edit/", title_fr="Soirée\x00")
    assert response.status_code == 400
    assert EventPage.objects.get(pk=event.pk).title_fr == ""


def test_every_bilingual_page_type_has_the_francais_tab(client, site_tree, make_user, make_group, make_event):
    from cms.models import StandardPage

    about = StandardPage(title="About", slug="about")
    site_tree["home"].add_child(instance=about)
    pages = [site_tree["home"], site_tree["events"], site_tree["groups"], about, make_group(), make_event()]
    client.force_login(make_user(is_staff=True, is_superuser=True))
    for page in pages:
        editor = html_of(client.get(f"/admin/pages/{page.pk}/edit/"))
        assert "Français" in editor and 'name="title_fr"' in editor and 'name="source_language"' in editor, page
    home_editor = html_of(client.get(f"/admin/pages/{site_tree['home'].pk}/edit/"))
    assert 'name="headline_fr"' in home_editor
    settings_editor = html_of(client.get("/admin/settings/cms/sitesettings/", follow=True))
    assert 'name="tagline_fr"' in settings_editor
