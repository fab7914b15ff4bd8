"""Content in English and French on one page: the visitor's language when it exists, the other one
otherwise (with its language said), and one event whatever the language."""

import pytest
from django.utils import translation

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
