"""`manage.py load_demo` shows the French site as a visitor would see it."""

import pytest

from cms.demo import load_demo
from events.models import EventPage, GroupPage
from tests.i18n.test_bilingual_content import get_in, html_of, main_of

pytestmark = pytest.mark.django_db


def test_demo_groups_and_events_have_french_text_and_a_french_only_group(client):
    load_demo()
    ottawa = GroupPage.objects.get(slug="civic-tech-ottawa")
    assert ottawa.summary_fr and ottawa.body_fr and ottawa.body
    hacknight = EventPage.objects.get(slug="civic-tech-fredericton-hacknight")
    assert hacknight.title_fr.startswith("Soirée") and len(hacknight.body_fr) >= 2
    montreal = EventPage.objects.get(slug="civic-tech-montreal-soiree")
    assert montreal.source_language == "fr" and montreal.group.source_language == "fr"

    open_data_day = EventPage.objects.get(slug="open-data-day-hackathon")
    french = html_of(get_in(client, open_data_day.url, "fr"))
    assert '<h1 class="event__title">Hackathon de la Journée des données ouvertes</h1>' in french
    assert "Déjeuner et mot de bienvenue" in french
    english = html_of(get_in(client, montreal.url, "en"))
    assert '<span lang="fr">Soirée de code citoyen à Montréal</span>' in english
    assert 'lang="fr"' in main_of(html_of(get_in(client, "/events/", "en")))
    assert "Bâtir une ville meilleure, ensemble" in html_of(get_in(client, "/", "fr"))


def test_french_text_an_organizer_cleared_stays_cleared_when_the_demo_loads_again():
    load_demo()
    ottawa = GroupPage.objects.get(slug="civic-tech-ottawa")
    ottawa.summary_fr = ""
    ottawa.save_revision().publish()
    revisions = ottawa.revisions.count()
    load_demo()
    ottawa.refresh_from_db()
    assert ottawa.summary_fr == "" and ottawa.revisions.count() == revisions


def test_a_demo_loaded_before_the_site_was_bilingual_gets_its_french_text_once():
    from cms.models import DemoRecord

    load_demo()
    ottawa = GroupPage.objects.get(slug="civic-tech-ottawa")
    ottawa.summary_fr = ""
    ottawa.save_revision().publish()
    DemoRecord.objects.filter(key__startswith="french:").delete()  # as before this change
    load_demo()
    ottawa.refresh_from_db()
    assert ottawa.summary_fr.startswith("La communauté civic tech d’Ottawa")
