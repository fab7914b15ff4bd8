"""The French site, end to end, in a browser that asks for fr-CA: every main page a visitor, participant or
organizer opens is in French (no English UI text left over; organizer-written English is allowed only when
marked lang="en"), says lang="fr", links to the same page in English, is axe-clean and fits a phone. A
registration made through the French page is one more seat of the same date as the English page's."""

import re

import pytest
from django.contrib.auth import get_user_model

from .conftest import screenshot, serious_axe_violations
from .test_registration_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Common English UI words. A text node identical in the English and French renderings of a page that
# contains one of these is English left untranslated. ("Date" is left out: it is the French word too;
# nor "Messages"; "Judg" catches Judge, Judging, Judges.)
ENGLISH_UI_WORDS = re.compile(
    r"\b(Register\w*|Registration\w*|Sign|Log|Event|Events|Group|Groups|Time|Add|Calendar|Cancel\w*|Waitlist|"
    r"Team|Teams|Project|Projects|Submit\w*|Search|Next|Previous|Upcoming|Past|seats?|going|Online|Free|"
    r"Tickets?|Show|Follow\w*|Share|Email|Save|Edit|Delete|Organi[sz]e\w*|Check\w*|Judg\w*|Attendees|"
    r"Settings|Account|Password|Remember|Forgot|Join|Leave|Create|Prize|Vote|Gallery|Board|"
    r"Welcome|More|About|Home|Your|You|My|Results|Export|Download|Subscribe|Close|Open|Back|Continue|"
    r"View|Skip|Menu|Filter|Apply|Clear|Today|Tomorrow|This week|left|people|person|registered|waitlisted|"
    r"Language)s?\b",
    re.IGNORECASE,
)

# The visible text of a page, and the text a screen reader or a form shows without it being a text node
# (labels, placeholders, button values). Each item carries the language of its nearest lang ancestor.
VISIBLE_TEXT_JS = """
() => {
  const out = [];
  const langOf = (el) => { const holder = el.closest('[lang]'); return holder ? holder.getAttribute('lang') : ''; };
  const shown = (el) => el.checkVisibility ? el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
                                           : !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (!text || !parent || parent.closest('script, style, noscript, template')) continue;
    if (!shown(parent) && !parent.closest('.visually-hidden, .sr-only')) continue;
    const where = parent.tagName.toLowerCase() + (parent.className ? '.' + parent.className : '');
    out.push({text, lang: langOf(parent), where});
  }
  const labelled = '[aria-label], [placeholder], [title], img[alt], input[type=submit], input[type=button]';
  for (const el of document.querySelectorAll(labelled)) {
    for (const name of ['aria-label', 'placeholder', 'title', 'alt', 'value']) {
      if (name === 'value' && !/^(submit|button)$/.test(el.type || '')) continue;
      const text = (el.getAttribute(name) || '').replace(/\\s+/g, ' ').trim();
      if (text) out.push({text, lang: langOf(el), where: el.tagName.toLowerCase() + '[' + name + ']'});
    }
  }
  const title = document.title.trim();
  if (title) out.push({text: title, lang: document.documentElement.lang, where: 'title'});
  return out;
}
"""


def english_leaks(french_nodes, english_nodes):
    english = {node["text"] for node in english_nodes}
    # People's names are theirs in any language ("Olivia Organizer" is not UI text).
    names = set(get_user_model().objects.values_list("name", flat=True))
    return [
        node
        for node in french_nodes
        if node["text"] in english
        and node["text"] not in names
        and ENGLISH_UI_WORDS.search(node["text"])
        and node["lang"] != "en"
    ]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.fixture
def world():
    """The demo (bilingual groups, hacknights and the Open Data Day hackathon) with its organizer, and a
    French-speaking participant registered for the Ottawa hacknight."""
    from cms.demo import ORGANIZER_EMAIL, PAST_HACK_DAY, load_demo
    from events.models import EventPage
    from events.services.registration import register
    from teams.models import HackathonSettings
    from teams.services.teams import create_team

    load_demo()
    User = get_user_model()
    hacknight = EventPage.objects.get(slug="civic-tech-ottawa-hacknight")
    hackathon = EventPage.objects.get(slug="open-data-day-hackathon")
    HackathonSettings.objects.get_or_create(event=hackathon)
    participant = User.objects.create_user(email="chantal@example.org", password="x", name="Chantal", language="fr")
    occurrence = hacknight.next_occurrence() if hasattr(hacknight, "next_occurrence") else None
    if occurrence is None:
        from django.utils import timezone

        occurrence = hacknight.occurrences.filter(start__gt=timezone.now()).order_by("start").first()
    register(participant, occurrence, answers={}, accept_code_of_conduct=True)
    register(participant, hackathon.occurrences.get(), answers={}, accept_code_of_conduct=True)
    team = create_team(hackathon, participant, "Données pour tous", skills_wanted=["design"])
    return {
        "team": team,
        "past_hack_day": EventPage.objects.get(slug=PAST_HACK_DAY),
        "organizer": User.objects.get(email=ORGANIZER_EMAIL),
        "participant": participant,
        "hacknight": hacknight,
        "occurrence": occurrence,
        "hackathon": hackathon,
    }


def main_pages(world):
    """(name, English path, who is logged in) for every page the issue lists."""
    hacknight, occurrence, hackathon = world["hacknight"], world["occurrence"], world["hackathon"]
    hack, past = f"/hack/{hackathon.pk}/", f"/hack/{world['past_hack_day'].pk}/"
    return [
        ("home", "/", None),
        ("listing", "/events/", None),
        ("event", f"/events/{hacknight.slug}/", "participant"),
        ("event-anonymous", f"/events/{hacknight.slug}/", None),
        ("group", "/groups/civic-tech-ottawa/", None),
        ("register", f"/registrations/{occurrence.pk}/register/", "participant"),
        ("me", "/me/", "participant"),
        ("cockpit", "/organize/", "organizer"),
        ("cockpit-event", f"/organize/events/{hacknight.pk}/", "organizer"),
        ("attendees", f"/organize/dates/{occurrence.pk}/", "organizer"),
        ("check-in", f"/organize/dates/{occurrence.pk}/check-in/", "organizer"),
        ("organizer-email", f"/organize/dates/{occurrence.pk}/email/", "organizer"),
        ("hack-hub", hack, "participant"),
        ("hack-team", f"{hack}teams/{world['team'].pk}/", "participant"),
        ("hack-board", f"{hack}board/", "participant"),
        ("hack-project", f"{hack}project/", "participant"),
        ("hack-organize", f"{hack}organize/", "organizer"),
        ("hack-gallery", f"{past}gallery/", None),
        ("hack-results", f"{past}results/", None),
        ("groups", "/groups/", None),
        ("profile", "/accounts/profile/", "participant"),
        ("calendar-settings", "/calendar/me/", "participant"),
        ("login", "/accounts/login/", None),
        ("signup", "/accounts/signup/", None),
    ]


def open_page(browser, live_server, user, width, locale):
    context = browser.new_context(
        viewport={"width": width, "height": 900 if width > 500 else 844},
        locale=locale,
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    if user is not None:
        log_in(page, live_server, user)
    return page


def test_every_main_page_is_french_at_its_fr_address(world, live_server, browser):
    problems = []
    for name, path, who in main_pages(world):
        user = world[who] if who else None
        english = open_page(browser, live_server, user, 1280, "en-CA")
        english.goto(live_server.url + path)
        english_nodes = english.evaluate(VISIBLE_TEXT_JS)
        english.context.close()

        french = open_page(browser, live_server, user, 1280, "fr-CA")
        response = french.goto(live_server.url + "/fr" + path)
        if response.status != 200:
            problems.append(f"{name}: /fr{path} answered {response.status}")
            french.context.close()
            continue
        if french.evaluate("document.documentElement.lang") != "fr":
            problems.append(f"{name}: <html lang={french.evaluate('document.documentElement.lang')!r}>")
        for node in english_leaks(french.evaluate(VISIBLE_TEXT_JS), english_nodes):
            problems.append(f"{name}: English left in {node['where']} (lang={node['lang']!r}): {node['text']!r}")
        switcher = french.locator(".language-switcher a[hreflang=en]")
        if switcher.count() != 1 or switcher.get_attribute("href") != path:
            href = switcher.first.get_attribute("href") if switcher.count() else None
            problems.append(f"{name}: the switcher's English link is {href!r}, not {path!r}")
        problems += [f"{name}: axe {violation}" for violation in serious_axe_violations(french)]
        screenshot(french, f"fr-{name}-desktop")
        french.context.close()

        phone = open_page(browser, live_server, user, 390, "fr-CA")
        phone.goto(live_server.url + "/fr" + path)
        if not no_sideways_scroll(phone):
            problems.append(f"{name}: {phone.evaluate('document.documentElement.scrollWidth')} px wide at 390")
        screenshot(phone, f"fr-{name}-phone")
        phone.context.close()
    assert problems == [], "\n".join(problems)


def seats_left(page):
    """The seat figure of the registration panel, whatever the language ('57 seats left', '57 places restantes')."""
    text = page.get_by_test_id("seats").inner_text()
    return int(re.search(r"(\d+)\s+(?:seats?|places?)", text).group(1)), text


def test_registering_through_the_french_page_takes_a_seat_of_the_same_date(world, live_server, browser, mailoutbox):
    from events.models import Registration

    User = get_user_model()
    hacknight, occurrence = world["hacknight"], world["occurrence"]
    amelie = User.objects.create_user(email="amelie@example.org", password="x", name="Amélie", language="fr")
    bob = User.objects.create_user(email="bob@example.org", password="x", name="Bob", language="en")
    date = f"?date={occurrence.original_date:%Y-%m-%d}"
    mailoutbox.clear()

    french = open_page(browser, live_server, amelie, 1280, "fr-CA")
    french.goto(f"{live_server.url}/fr{hacknight.url}{date}")
    before, _ = seats_left(french)
    panel = french.get_by_role("region", name="S’inscrire").or_(french.get_by_role("region", name="S'inscrire"))
    panel.get_by_role("checkbox").check()
    panel.get_by_role("button", name=re.compile("inscri", re.IGNORECASE)).click()
    french.wait_for_load_state()

    english = open_page(browser, live_server, bob, 1280, "en-CA")
    english.goto(f"{live_server.url}{hacknight.url}{date}")
    english_panel = english.get_by_role("region", name="Register")
    english_panel.get_by_role("checkbox").check()
    english_panel.get_by_role("button", name="Register").click()
    english.wait_for_load_state()

    a = Registration.objects.get(user=amelie)
    b = Registration.objects.get(user=bob)
    assert a.occurrence_id == b.occurrence_id == occurrence.pk
    assert a.status == b.status == "confirmed"

    french.goto(f"{live_server.url}/fr{hacknight.url}{date}")
    english.goto(f"{live_server.url}{hacknight.url}{date}")
    (french_seats, french_text), (english_seats, english_text) = seats_left(french), seats_left(english)
    assert french_seats == english_seats == before - 2, (french_text, english_text)
    assert "places" in french_text and "seats" in english_text
    french.context.close()
    english.context.close()

    (email,) = [m for m in mailoutbox if m.to == ["amelie@example.org"]]
    body = email.body
    assert "inscri" in (email.subject + body).lower(), email.subject
    # The date in French: a French weekday and month, "h" for the hour, and the address under /fr/.
    assert re.search(r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b", body), body
    assert re.search(r"\d{1,2} h", body), body
    assert "/fr/" in body and not re.search(r"https?://[^/\s]+/events/", body), body
    assert not re.search(r"\b(Register|registered|seat|Add to calendar|Cancel)\b", body), body
    html = next(content for content, kind in email.alternatives if kind == "text/html")
    assert 'lang="fr"' in html
    (english_email,) = [m for m in mailoutbox if m.to == ["bob@example.org"]]
    assert "/fr/" not in english_email.body
