"""Demo content drawn from the seed documents: the groups, venues and events Convene serves.

Dates are relative to today so the site never looks stale. Everything is keyed by slug or
name, so loading twice changes nothing.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, GroupPagePermission, Locale, Page, Site

from events.models import EventIndexPage, EventPage, GroupIndexPage, GroupPage, Question, Registration, Venue
from events.models.registrations import QuestionKind
from events.services.occurrences import cancel_occurrence, sync_occurrences
from events.services.venues import assign_venue_owners

from .models import HomePage, SiteSettings, StandardPage

ORGANIZER_EMAIL = "organizer@convene.local"
ORGANIZER_PASSWORD = "convene-demo-organizer"
ADMIN_EMAIL = "admin@convene.local"
ADMIN_PASSWORD = "convene-demo-admin"
CODE_OF_CONDUCT = "https://civictech.ca/code-of-conduct/"

VENUES = [
    {
        "name": "UTM Innovation Complex",
        "address": "3359 Mississauga Road",
        "city": "Mississauga",
        "region": "ON",
        "postal_code": "L5L 1C6",
        "latitude": "43.548100",
        "longitude": "-79.663200",
        "accessibility_notes": "Step-free entrance from the north parking lot; accessible washrooms on every floor.",
    },
    {
        "name": "Mississauga Central Library",
        "address": "301 Burnhamthorpe Road West",
        "city": "Mississauga",
        "region": "ON",
        "postal_code": "L5B 3Y3",
        "latitude": "43.589800",
        "longitude": "-79.644300",
        "accessibility_notes": "Elevator to the maker space on the lower level.",
    },
    {
        "name": "Centre for Social Innovation – Spadina",
        "address": "192 Spadina Avenue",
        "city": "Toronto",
        "region": "ON",
        "postal_code": "M5T 2C2",
        "latitude": "43.650200",
        "longitude": "-79.397800",
        "accessibility_notes": "Elevator access; gender-neutral washrooms.",
    },
    {
        "name": "Bayview Yards",
        "address": "7 Bayview Station Road",
        "city": "Ottawa",
        "region": "ON",
        "postal_code": "K1Y 2C5",
        "latitude": "45.409800",
        "longitude": "-75.723300",
    },
    {
        "name": "Fredericton Public Library",
        "address": "12 Carleton Street",
        "city": "Fredericton",
        "region": "NB",
        "postal_code": "E3B 5P4",
        "latitude": "45.961700",
        "longitude": "-66.641400",
    },
    {
        "name": "Maison Notman",
        "address": "51, rue Sherbrooke Ouest",
        "city": "Montréal",
        "region": "QC",
        "postal_code": "H2X 1X2",
        "latitude": "45.511600",
        "longitude": "-73.569600",
        "accessibility_notes": "Entrée de plain-pied par la cour, rue Clark; ascenseur jusqu’à la salle du 2e étage.",
    },
    {
        "name": "Communitech Hub",
        "address": "151 Charles Street West",
        "city": "Kitchener",
        "region": "ON",
        "postal_code": "N2G 1H6",
        "latitude": "43.450800",
        "longitude": "-80.498600",
    },
]

GROUPS = [
    {
        "slug": "civic-tech-toronto",
        "title": "Civic Tech Toronto",
        "city": "Toronto",
        "summary": (
            "Weekly hacknights where residents, designers, developers and public servants work on local challenges."
        ),
        "venue": "Centre for Social Innovation – Spadina",
        "x_handle": "CivicTechTO",
        "website": "https://civictech.ca/",
    },
    {
        "slug": "hackernest-mississauga",
        "title": "HackerNest Mississauga",
        "city": "Mississauga",
        "summary": "Tech socials every two months at venues throughout the city, supported by the City of Mississauga.",
        "venue": "Mississauga Central Library",
        "x_handle": "HackerNest",
    },
    {
        "slug": "mississauga-smart-city",
        "title": "Mississauga Smart City",
        "city": "Mississauga",
        "summary": (
            "The City's Smart City program: open data, hack days with Sheridan College, UTM and local "
            "companies, and a Smart City for Everybody."
        ),
        "venue": "UTM Innovation Complex",
    },
    {
        "slug": "civic-tech-ottawa",
        "title": "Civic Tech Ottawa",
        "city": "Ottawa",
        "summary": "Ottawa's civic tech community: hacknights, open data and digital government.",
        "venue": "Bayview Yards",
    },
    {
        "slug": "civic-tech-fredericton",
        "title": "Civic Tech Fredericton",
        "city": "Fredericton",
        "summary": "Residents and governments in Fredericton building digital solutions to local challenges.",
        "venue": "Fredericton Public Library",
    },
    {
        "slug": "civic-tech-waterloo-region",
        "title": "Civic Tech Waterloo Region",
        "city": "Kitchener",
        "summary": "Hacknights for Kitchener, Waterloo and Cambridge: open data, civic apps and good conversation.",
        "venue": "Communitech Hub",
    },
    {
        # A French-speaking group: it writes French in the main fields, so English visitors read French
        # (marked lang="fr"), as they would on its own site.
        "slug": "civic-tech-montreal",
        "title": "Civic Tech Montréal",
        "city": "Montréal",
        "source_language": "fr",
        "summary": (
            "Citoyennes, citoyens, fonctionnaires et technos qui améliorent la vie à Montréal avec les données "
            "ouvertes. Nos soirées se déroulent en français."
        ),
        "venue": "Maison Notman",
    },
    {
        "slug": "code-for-canada",
        "title": "Code for Canada",
        "city": "Toronto",
        "summary": "Supports the formation, growth and sustainability of civic tech groups in Canadian cities.",
        "venue": None,
        "website": "https://codefor.ca/",
    },
]


def _next_weekday(today, weekday, weeks_ahead=0):
    days = (weekday - today.weekday()) % 7
    return today + datetime.timedelta(days=days + 7 * weeks_ahead)


HACK_DAY_BODY = [
    ("heading", "What to expect"),
    (
        "paragraph",
        "<p>Teams of residents, students, designers and developers pick a challenge from the City's "
        "departments and build a prototype in a day. Mentors from Sheridan College, UTM and local companies "
        "help along the way. No experience needed: every team needs people who know the neighbourhood.</p>",
    ),
    (
        "schedule",
        [
            {"time": "9:00", "title": "Breakfast and welcome"},
            {"time": "9:30", "title": "Challenge pitches and team forming"},
            {"time": "12:30", "title": "Lunch"},
            {"time": "16:00", "title": "Demos"},
            {"time": "17:15", "title": "Judging results and prizes"},
        ],
    ),
    (
        "faq",
        {
            "question": "Do I need a team?",
            "answer": "<p>No. Most people come alone and find a team at the pitches.</p>",
        },
    ),
    (
        "faq",
        {
            "question": "Is food provided?",
            "answer": "<p>Yes: breakfast, lunch and snacks. Tell us your dietary needs when you register.</p>",
        },
    ),
]

HACKNIGHT_BODY = [
    ("heading", "How a hacknight works"),
    (
        "paragraph",
        "<p>We start with short announcements and a speaker, then split into project breakouts. New? Look for "
        "the welcome table: someone will walk you through the projects looking for help.</p>",
    ),
    (
        "schedule",
        [
            {"time": "18:30", "title": "Doors, snacks and the welcome table"},
            {"time": "19:00", "title": "Speaker"},
            {"time": "19:30", "title": "Project breakouts"},
        ],
    ),
]

MEETUP_BODY = [
    (
        "paragraph",
        "<p>Come as you are. Name tags at the door, refreshments on the table, and an hour or two to meet "
        "people working on technology in the city.</p>",
    ),
]

ONLINE_BODY = [
    (
        "paragraph",
        "<p>Join from anywhere: the link to the call is on this page and in your confirmation email. "
        "Cameras optional, questions welcome in the chat, and the slides are shared afterwards.</p>",
    ),
]

BODIES = {"hackathon": HACK_DAY_BODY, "hacknight": HACKNIGHT_BODY}

# -- French text ----------------------------------------------------------------------------------------
# Written for a French-Canadian reader (déjeuner is breakfast, dîner is lunch, 18 h 30), not word for word;
# a hacknight is a "soirée de code", as the catalogue names the kind.

HACKNIGHT_BODY_FR = [
    ("heading", "Comment se déroule une soirée"),
    (
        "paragraph",
        "<p>On commence par quelques annonces et une courte présentation, puis on se répartit en ateliers par "
        "projet. C’est votre première fois? Passez à la table d’accueil : quelqu’un vous fera le tour des "
        "projets qui cherchent du renfort.</p>",
    ),
    (
        "schedule",
        [
            {"time": "18 h 30", "title": "Accueil, collations et table d’accueil"},
            {"time": "19 h", "title": "Présentation"},
            {"time": "19 h 30", "title": "Ateliers par projet"},
        ],
    ),
]

HACK_DAY_BODY_FR = [
    ("heading", "À quoi s’attendre"),
    (
        "paragraph",
        "<p>Des équipes de résidents, d’étudiants, de designers et de développeurs choisissent un défi proposé "
        "par les services de la Ville et construisent un prototype en une journée. Des mentors du Collège "
        "Sheridan, de l’UTM et d’entreprises locales les accompagnent. Aucune expérience requise : chaque "
        "équipe a besoin de gens qui connaissent le quartier.</p>",
    ),
    (
        "schedule",
        [
            {"time": "9 h", "title": "Déjeuner et mot de bienvenue"},
            {"time": "9 h 30", "title": "Présentation des défis et formation des équipes"},
            {"time": "12 h 30", "title": "Dîner"},
            {"time": "16 h", "title": "Démos"},
            {"time": "17 h 15", "title": "Résultats du jury et remise des prix"},
        ],
    ),
    (
        "faq",
        {
            "question": "Faut-il arriver avec une équipe?",
            "answer": "<p>Non. La plupart des gens viennent seuls et trouvent leur équipe aux présentations.</p>",
        },
    ),
    (
        "faq",
        {
            "question": "Les repas sont-ils fournis?",
            "answer": "<p>Oui : déjeuner, dîner et collations. Indiquez-nous vos restrictions alimentaires à "
            "l’inscription.</p>",
        },
    ),
]

# Keyed by the page's path under the home page ("" is the home page itself). Fields left empty on the
# page are filled once (see _add_french); English fields listed here are text the demo had not written yet.
FRENCH = {
    "": {
        "headline_fr": "Bâtir une ville meilleure, ensemble",
        "intro_fr": (
            "<p>Hackathons, soirées de code et rencontres de la communauté civic tech canadienne. "
            "Trouvez une activité, inscrivez-vous en quelques clics et ajoutez chaque date à votre agenda.</p>"
        ),
    },
    "events/": {
        "title_fr": "Événements",
        "intro_fr": (
            "<p>Soirées de code, hackathons, rencontres et ateliers de la communauté civic tech, partout au Canada.</p>"
        ),
    },
    "groups/": {
        "title_fr": "Groupes",
        "intro_fr": "<p>Les communautés qui organisent leurs activités sur Convene.</p>",
    },
    "about/": {
        "title_fr": "À propos de Convene",
        "intro_fr": "Convene est la plateforme qu’une communauté civic tech se donne pour publier ses activités.",
        "body_fr": [
            (
                "paragraph",
                "<p>Ouvert par défaut pour les données sur les activités, prudent avec les renseignements "
                "personnels : Convene s’inspire des politiques de données ouvertes et de gestion des données de "
                "la Ville de Mississauga.</p>",
            )
        ],
    },
    "groups/civic-tech-ottawa/": {
        "summary_fr": "La communauté civic tech d’Ottawa : soirées de code, données ouvertes et gouvernement "
        "numérique.",
        "body": (
            "<p>Civic Tech Ottawa brings together residents, public servants, designers and developers who want to "
            "make life in the capital region better with technology. We meet every second Tuesday at Bayview Yards, "
            "in English and in French: bring a project idea, or join a team that needs a hand.</p>"
        ),
        "body_fr": (
            "<p>Civic Tech Ottawa réunit des résidents, des fonctionnaires, des designers et des développeurs qui "
            "veulent améliorer la vie dans la région de la capitale grâce à la technologie. On se retrouve un mardi "
            "sur deux à Bayview Yards, en français comme en anglais : arrivez avec une idée de projet, ou "
            "joignez-vous à une équipe qui a besoin d’un coup de main.</p>"
        ),
    },
    "groups/civic-tech-fredericton/": {
        "summary_fr": "Des résidents et des gouvernements de Fredericton qui conçoivent ensemble des solutions "
        "numériques aux défis locaux.",
        "body": (
            "<p>Civic Tech Fredericton meets once a month at the Fredericton Public Library. New Brunswick is "
            "Canada's only officially bilingual province, and our hacknights are bilingual too: ask your questions "
            "in English or in French.</p>"
        ),
        "body_fr": (
            "<p>Civic Tech Fredericton se réunit une fois par mois à la Bibliothèque publique de Fredericton. Le "
            "Nouveau-Brunswick est la seule province officiellement bilingue au pays, et nos soirées le sont "
            "aussi : posez vos questions en français ou en anglais.</p>"
        ),
    },
    "groups/code-for-canada/": {
        "title_fr": "Code pour le Canada",
        "summary_fr": "Soutient la création, la croissance et la pérennité des groupes civic tech dans les villes "
        "canadiennes.",
    },
    "events/civic-tech-ottawa-hacknight/": {
        "title_fr": "Soirée de code de Civic Tech Ottawa",
        "summary_fr": "Les équipes de projet se réunissent un mardi sur deux. Apportez votre portable, ou "
        "simplement votre curiosité.",
        "body_fr": HACKNIGHT_BODY_FR,
    },
    "events/civic-tech-fredericton-hacknight/": {
        "title_fr": "Soirée de code de Civic Tech Fredericton",
        "summary_fr": "Une soirée par mois à la bibliothèque : défis locaux, données ouvertes et applications "
        "citoyennes.",
        "body_fr": HACKNIGHT_BODY_FR,
    },
    "events/open-data-day-hackathon/": {
        "title_fr": "Hackathon de la Journée des données ouvertes",
        "summary_fr": "Célébrez la Journée internationale des données ouvertes en codant avec les données "
        "gouvernementales, aux côtés des groupes civic tech de partout au pays.",
        "body_fr": HACK_DAY_BODY_FR,
    },
}


def _events(today):
    tuesday_back = _next_weekday(today, 1) - datetime.timedelta(weeks=8)
    hack_day = _next_weekday(today, 5, weeks_ahead=3)
    march_first = datetime.date(today.year + (1 if today.month >= 3 else 0), 3, 1)
    open_data_day = _next_weekday(march_first, 5)
    return [
        {
            "slug": "civic-tech-toronto-hacknight",
            "title": "Civic Tech Toronto weekly hacknight",
            "group": "civic-tech-toronto",
            "kind": "hacknight",
            "summary": (
                "Every Tuesday: a speaker, then breakout groups working on projects like BikeSpace. "
                "New people welcome at the welcome table."
            ),
            "start_date": tuesday_back,
            "start_time": datetime.time(18, 30),
            "end_time": datetime.time(21, 0),
            "repeat": "weekly",
            "venue": "Centre for Social Innovation – Spadina",
            "capacity": 120,
            "tags": ["civic tech", "open data"],
            "cancel_holiday": True,
        },
        {
            "slug": "civic-tech-ottawa-hacknight",
            "title": "Civic Tech Ottawa hacknight",
            "group": "civic-tech-ottawa",
            "kind": "hacknight",
            "summary": "Project teams meet every second Tuesday; bring a laptop or just your curiosity.",
            "start_date": tuesday_back,
            "start_time": datetime.time(18, 0),
            "end_time": datetime.time(20, 30),
            "repeat": "biweekly",
            "venue": "Bayview Yards",
            "capacity": 60,
            "tags": ["civic tech"],
        },
        {
            "slug": "civic-tech-fredericton-hacknight",
            "title": "Civic Tech Fredericton hacknight",
            "group": "civic-tech-fredericton",
            "kind": "hacknight",
            "summary": "Monthly hacknight at the library: local challenges, open data and civic apps.",
            "start_date": tuesday_back + datetime.timedelta(weeks=1),
            "start_time": datetime.time(18, 30),
            "end_time": datetime.time(20, 30),
            "timezone": "America/Moncton",
            "repeat": "monthly",
            "venue": "Fredericton Public Library",
            "capacity": 40,
            "tags": ["civic tech"],
        },
        {
            "slug": "civic-tech-montreal-soiree",
            "title": "Soirée de code citoyen à Montréal",
            "group": "civic-tech-montreal",
            "kind": "hacknight",
            "source_language": "fr",
            "summary": (
                "Le premier mercredi du mois : présentations éclair, puis travail en équipe sur des projets de "
                "données ouvertes. Les débutants sont les bienvenus."
            ),
            "body": HACKNIGHT_BODY_FR,
            "start_date": _next_weekday(today.replace(day=1), 2),
            "start_time": datetime.time(18, 30),
            "end_time": datetime.time(21, 0),
            "repeat": "monthly",
            "venue": "Maison Notman",
            "capacity": 50,
            "tags": ["civic tech", "open data"],
        },
        {
            "slug": "civic-tech-waterloo-region-hacknight",
            "title": "Civic Tech Waterloo Region hacknight",
            "group": "civic-tech-waterloo-region",
            "kind": "hacknight",
            "summary": "Weekly hacknight in Kitchener: pick a project, meet the team, ship something small.",
            "start_date": tuesday_back,
            "start_time": datetime.time(18, 30),
            "end_time": datetime.time(21, 0),
            "repeat": "weekly",
            "venue": "Communitech Hub",
            "capacity": 50,
            "tags": ["civic tech"],
        },
        {
            "slug": "hackernest-mississauga-tech-social",
            "title": "HackerNest Mississauga Tech Social",
            "group": "hackernest-mississauga",
            "kind": "meetup",
            "summary": "Meet the people building tech in Mississauga. No pitches, no sales: just good conversation.",
            "start_date": _next_weekday(today, 3) - datetime.timedelta(weeks=6),
            "start_time": datetime.time(18, 30),
            "end_time": datetime.time(21, 30),
            "repeat": "bimonthly",
            "venue": "Mississauga Central Library",
            "capacity": 80,
            "tags": ["networking"],
        },
        {
            "slug": "tech-and-the-city-hack-day",
            "title": "Tech and the City hack day",
            "group": "mississauga-smart-city",
            "kind": "hackathon",
            "summary": (
                "A one-day hackathon co-hosted by the City of Mississauga, Sheridan College and UTM: build with "
                "the City's open data catalogue of more than 100 data sets."
            ),
            "start_date": hack_day,
            "start_time": datetime.time(9, 0),
            "end_time": datetime.time(18, 0),
            "venue": "UTM Innovation Complex",
            "capacity": 120,
            "tags": ["civic tech", "open data", "smart city"],
            "questions": [
                Question(label="Dietary needs", kind=QuestionKind.TEXT),
                Question(label="Accessibility needs we should plan for", kind=QuestionKind.TEXT),
                Question(label="T-shirt size", kind=QuestionKind.CHOICE, choices="XS\nS\nM\nL\nXL\nXXL"),
                Question(label="Is this your first hackathon?", kind=QuestionKind.YES_NO),
            ],
        },
        {
            "slug": "code-and-the-city-hack-day",
            "title": "Code and the City hack day",
            "group": "mississauga-smart-city",
            "kind": "hackathon",
            "summary": "Last season's hack day: teams built tools on real-time transit and election data.",
            "start_date": today - datetime.timedelta(weeks=9),
            "start_time": datetime.time(9, 0),
            "end_time": datetime.time(17, 0),
            "venue": "UTM Innovation Complex",
            "capacity": 100,
            "tags": ["civic tech", "open data"],
        },
        {
            "slug": "open-data-day-hackathon",
            "title": "Open Data Day hackathon",
            "group": "code-for-canada",
            "kind": "hackathon",
            "summary": "Celebrate International Open Data Day: hack on open government data with civic tech groups.",
            "start_date": open_data_day,
            "start_time": datetime.time(10, 0),
            "end_time": datetime.time(17, 0),
            "venue": "Centre for Social Innovation – Spadina",
            "capacity": 80,
            "tags": ["civic tech", "open data"],
        },
        {
            "slug": "open-data-catalogue-workshop",
            "title": "Workshop: getting started with the City's open data catalogue",
            "group": "mississauga-smart-city",
            "kind": "workshop",
            "summary": "Find, download and map the City's open data sets, from election results to transit feeds.",
            "start_date": _next_weekday(today, 2, weeks_ahead=1),
            "start_time": datetime.time(12, 0),
            "end_time": datetime.time(13, 0),
            "online_url": "https://meet.jit.si/convene-open-data-workshop",
            "tags": ["open data"],
        },
        {
            "slug": "data-visualisation-clinic",
            "title": "Data visualisation clinic",
            "group": "civic-tech-toronto",
            "kind": "workshop",
            "summary": "Bring a chart that is not working yet; six seats, one mentor each.",
            "start_date": _next_weekday(today, 3, weeks_ahead=1),
            "start_time": datetime.time(18, 30),
            "end_time": datetime.time(20, 0),
            "venue": "Centre for Social Innovation – Spadina",
            "capacity": 6,
            "tags": ["open data"],
        },
        {
            "slug": "measuring-local-internet-performance",
            "title": "Measuring local internet performance: pilot results",
            "group": "mississauga-smart-city",
            "kind": "meetup",
            "summary": "The City and CIRA share what six months of residents' internet speed tests revealed.",
            "start_date": _next_weekday(today, 3, weeks_ahead=2),
            "start_time": datetime.time(18, 0),
            "end_time": datetime.time(19, 30),
            "venue": "Mississauga Central Library",
            "capacity": 60,
            "tags": ["smart city"],
        },
    ]


def _home():
    home = HomePage.objects.first()
    if home is not None:
        return home
    # Wagtail's data migrations make a locale and a root page; a flushed database has neither.
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    # Wagtail's first migration leaves a plain "Welcome" page as the site root; replace it.
    for welcome in root.get_children().filter(content_type__model="page", content_type__app_label="wagtailcore"):
        Site.objects.filter(root_page=welcome).delete()
        welcome.delete()
    home = HomePage(
        title="Convene",
        slug="home",
        headline="Build a better city, together",
        intro=(
            "<p>Hack days, hacknights and meetups from Canada's civic tech community. Find an event, "
            "register in a few clicks, and add every date to your calendar.</p>"
        ),
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Convene"}
    )
    return home


def _first_time(key):
    """True once per piece of demo content, ever: it is recorded as created, and never created again."""
    from .models import DemoRecord

    _record, created = DemoRecord.objects.get_or_create(key=key)
    return created


def _child(parent, model, slug, **fields):
    """The demo page under `parent`: created the first time, then left as the organizers left it (None if
    they deleted it)."""
    if parent is None:
        return None
    page = model.objects.child_of(parent).filter(slug=slug).first()
    key = f"page:{parent.url_path}{slug}/"
    if not _first_time(key) or page is not None:
        return page
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _add_french(home, path, fields):
    """A demo page's French text, added once: a demo loaded before the site was bilingual gets it, and an
    organizer who later clears or rewrites it keeps what they wrote. Only empty fields are filled."""
    page = home if not path else Page.objects.filter(url_path=f"{home.url_path}{path}").first()
    if page is None or not _first_time(f"french:{home.url_path}{path}"):
        return
    page = page.specific
    missing = {name: value for name, value in fields.items() if not getattr(page, name, None)}
    if not missing:
        return
    for name, value in missing.items():
        setattr(page, name, value)
    page.save_revision().publish()


def _users(groups):
    User = get_user_model()
    from allauth.account.models import EmailAddress

    organizer, _ = User.objects.get_or_create(email=ORGANIZER_EMAIL, defaults={"name": "Olivia Organizer"})
    # get_or_create saves an empty password, which Django counts as "usable" but which no password
    # matches: the printed login then failed. An empty or unusable password gets the demo one.
    if not organizer.password or not organizer.has_usable_password():
        organizer.set_password(ORGANIZER_PASSWORD)
        organizer.save(update_fields=["password"])
    admin, created = User.objects.get_or_create(
        email=ADMIN_EMAIL, defaults={"name": "Site admin", "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(ADMIN_PASSWORD)
        admin.save(update_fields=["password"])
    for user in (organizer, admin):
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})

    team, _ = Group.objects.get_or_create(name="Organizers")
    team.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["events", "wagtailimages", "wagtaildocs"],
            codename__regex=r"^(add|change|view|choose)_",
        ).exclude(codename="add_occurrence"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    organizer.groups.add(team)
    grants = {
        EventIndexPage.objects.first(): ("add_page", "change_page", "publish_page"),
        GroupIndexPage.objects.first(): ("change_page", "publish_page"),
    }
    for page, codenames in grants.items():
        if page is None:
            continue
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=team, page=page, permission=Permission.objects.get(codename=codename)
            )
    for group in groups:
        group.organizers.add(organizer)
        group.save()
    return organizer


@transaction.atomic
def load_demo(today=None):
    today = today or timezone.localdate()
    home = _home()
    events_index = _child(
        home,
        EventIndexPage,
        "events",
        title="Events",
        intro="<p>Hacknights, hack days, meetups and workshops across Canada's civic tech community.</p>",
    )
    groups_index = _child(
        home,
        GroupIndexPage,
        "groups",
        title="Groups",
        intro="<p>The communities that organize events on Convene.</p>",
    )
    _child(
        home,
        StandardPage,
        "about",
        title="About Convene",
        intro="Convene is the platform a civic tech community runs to publish its events.",
        body=[
            (
                "paragraph",
                "<p>Open by default for event data, careful with personal data: Convene follows the spirit of "
                "the City of Mississauga's Open Data and Data Handling policies.</p>",
            )
        ],
    )

    venues = {}
    for data in VENUES:
        venue = Venue.objects.filter(name=data["name"]).first()
        if _first_time(f"venue:{data['name']}") and venue is None:
            venue = Venue.objects.create(**data)
        if venue is not None:
            if (venue.latitude, venue.longitude) != (Decimal(data["latitude"]), Decimal(data["longitude"])):
                # Earlier demo data put Bayview Yards (Ottawa) in New York State; correct stored coordinates.
                Venue.objects.filter(pk=venue.pk).update(latitude=data["latitude"], longitude=data["longitude"])
            venues[venue.name] = venue

    groups = {}
    for data in GROUPS:
        fields = {k: v for k, v in data.items() if k not in ("slug", "venue")}
        group = _child(groups_index, GroupPage, data["slug"], default_venue=venues.get(data["venue"]), **fields)
        if group is not None:
            groups[data["slug"]] = group

    for data in _events(today):
        data = dict(data)
        slug, tags, cancel_holiday = data.pop("slug"), data.pop("tags", []), data.pop("cancel_holiday", False)
        if events_index is None:
            continue
        first_time = _first_time(f"page:{events_index.url_path}{slug}/")
        if not first_time or EventPage.objects.child_of(events_index).filter(slug=slug).exists():
            continue  # there already, or created by an earlier run and deleted since: stays deleted
        data["group"] = groups.get(data["group"])
        data["venue"] = venues.get(data.pop("venue", None))
        data.setdefault("code_of_conduct_url", CODE_OF_CONDUCT)
        online = data.get("online_url") and not data.get("venue")
        data.setdefault("body", BODIES.get(data["kind"], ONLINE_BODY if online else MEETUP_BODY))
        event = EventPage(slug=slug, **data)
        event.tags.add(*tags)
        events_index.add_child(instance=event)
        event.save_revision().publish()
        sync_occurrences(event, today=today)
        if cancel_holiday:
            holiday = event.occurrences.filter(start__date__gte=today + datetime.timedelta(weeks=3)).first()
            if holiday:
                cancel_occurrence(holiday, note="No hacknight this week: holiday break")
    assign_venue_owners()  # each group's organizers keep their own venues; venues several groups use stay shared

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    if not site_settings.footer_text:
        site_settings.footer_text = (
            "<p>Convene lists hack days, hacknights and meetups from Canada's civic tech community.</p>"
        )
        site_settings.code_of_conduct_url = CODE_OF_CONDUCT
        site_settings.mastodon_url = "https://mastodon.social/@civictechto"
        site_settings.save()
    if _first_time("french:site-settings") and not site_settings.footer_text_fr:
        site_settings.footer_text_fr = (
            "<p>Convene présente les hackathons, les soirées de code et les rencontres de la "
            "communauté civic tech canadienne.</p>"
        )
        site_settings.save(update_fields=["footer_text_fr"])

    _users(groups.values())
    # After _users, which saves the group pages it was handed: those copies predate the French text.
    for path, fields in FRENCH.items():
        _add_french(home, path, fields)
    _activity(today)
    _past_hack_day()  # after _activity: its teams are the demo people
    _social_channels()
    return home


DEMO_PEOPLE = [
    "Amara Okafor",
    "Ben Tremblay",
    "Chloé Gagnon",
    "Dev Patel",
    "Elena Rossi",
    "Farah Haddad",
    "Gabe Moreau",
    "Hana Kim",
    "Ibrahim Yusuf",
    "Jess Wong",
    "Kofi Mensah",
    "Lea Schmidt",
    "Marco Silva",
    "Nadia Roy",
    "Omar Aziz",
    "Priya Sharma",
    "Quinn Leblanc",
    "Rosa Diaz",
    "Sam Cohen",
    "Tariq Malik",
]


def _activity(today):
    """People and registrations, so the organizer's cockpit has something to show: sign-ups spread
    over the past weeks, check-ins and no-shows at past hacknights, a full clinic with a waitlist,
    and a paid supporter ticket. Runs once (the first demo person is the marker)."""
    from events.models import TicketType
    from events.services.checkin import check_in
    from events.services.registration import register

    User = get_user_model()
    if User.objects.filter(email="amara.okafor@convene.local").exists():
        return
    people = [
        User.objects.create_user(
            email=f"{name.split()[0].lower().replace('é', 'e')}.{name.split()[1].lower()}@convene.local",
            password=None,
            name=name,
        )
        for name in DEMO_PEOPLE
    ]
    organizer = User.objects.get(email=ORGANIZER_EMAIL)
    now = timezone.now()

    def sign_up(person, occurrence, days_before, **kwargs):
        when = min(occurrence.start - datetime.timedelta(days=days_before), now - datetime.timedelta(hours=1))
        registration = register(person, occurrence, now=when, accept_code_of_conduct=True, **kwargs)
        Registration.objects.filter(pk=registration.pk).update(created_at=when)
        return registration

    # The weekly hacknight: regulars and newcomers at each past date, some no-shows, and sign-ups
    # for the next dates.
    hacknight = EventPage.objects.filter(slug="civic-tech-toronto-hacknight").first()
    dates = list(hacknight.occurrences.filter(status="scheduled").order_by("start")) if hacknight else []
    past = [d for d in dates if d.end < now][-6:]
    for index, occurrence in enumerate(past):
        attendees = people[: 5 + index] + people[12 + index : 14 + index]
        for n, person in enumerate(attendees):
            registration = sign_up(person, occurrence, days_before=1 + (n % 6))
            if n % 5 != 4:  # every fifth person did not come
                check_in(registration, actor=organizer, now=occurrence.start + datetime.timedelta(minutes=n))
    for occurrence in [d for d in dates if d.start > now][:2]:
        for n, person in enumerate(people[:9]):
            sign_up(person, occurrence, days_before=2 + n % 5)

    # The clinic: six seats taken over three weeks, three people waiting.
    clinic = EventPage.objects.filter(slug="data-visualisation-clinic").first()
    for n, person in enumerate(people[:9] if clinic else []):
        sign_up(person, clinic.occurrences.get(), days_before=21 - 2 * n)

    # The internet performance meetup: a free ticket and a paid supporter ticket, with sign-ups
    # spread over the past three weeks.
    meetup = EventPage.objects.filter(slug="measuring-local-internet-performance").first()
    if meetup is None:
        return
    free, _ = TicketType.objects.get_or_create(event=meetup, name="General admission", defaults={"price_cents": 0})
    TicketType.objects.get_or_create(event=meetup, name="Supporter", defaults={"price_cents": 1500, "currency": "CAD"})
    occurrence = meetup.occurrences.get()
    for n, person in enumerate(people[3:17]):
        when = now - datetime.timedelta(days=21 - n * 1.5)
        registration = register(person, occurrence, ticket_type=free, now=when, accept_code_of_conduct=True)
        Registration.objects.filter(pk=registration.pk).update(created_at=when)


PAST_HACK_DAY = "code-and-the-city-hack-day"

# (team, project title, summary, track, quality 1-5 per criterion: impact, execution, design, presentation)
PAST_HACK_DAY_TEAMS = [
    (
        "Next Bus Now",
        "Next Bus Now",
        "Real-time MiWay arrivals on a cheap e-ink screen for bus shelters without power outlets.",
        "Transit",
        (5, 4, 4, 5),
    ),
    (
        "Ballot Buddies",
        "Poll Finder",
        "Type your address, get your polling station, its accessibility and the wait at the last election.",
        "Elections and civic data",
        (4, 4, 5, 4),
    ),
    (
        "Route Rangers",
        "Crowded Routes",
        "Which MiWay routes run full at rush hour, from a year of automatic passenger counts.",
        "Transit",
        (4, 3, 3, 4),
    ),
    (
        "Civic Sparks",
        "Ward Results Explorer",
        "Every ward's election results since 2006 on one map, with turnout by polling division.",
        "Elections and civic data",
        (3, 4, 3, 3),
    ),
    (
        "The Transfer Point",
        "Transfer Timer",
        "Warns riders when a connection between MiWay and GO will be missed, before they get off.",
        "Transit",
        (3, 3, 4, 3),
    ),
]

PAST_HACK_DAY_CRITERIA = [
    ("Impact", "Would residents or City staff use it next month?", 2),
    ("Execution", "Does the prototype work on real open data?", 1),
    ("Design", "Is it clear, accessible and pleasant to use?", 1),
    ("Presentation", "Did the demo explain the problem and the solution?", 1),
]


def _past_hack_day():
    """Last season's hack day, judged and announced: five teams of demo people, their submitted projects,
    three judges' rubric scores for every project, and published winners, so the gallery and the public
    results page have something to show. Runs once (its demo record is the marker).

    Rows are written directly, dated on the day of the event, because the services refuse to change a
    hackathon after its deadlines; they keep the invariants the services keep: deadlines inside the
    event, a first SubmissionVersion for each project, judges who are not in the teams they score, and
    winners from `winners_for` published only once judging and voting are closed."""
    from events.services.checkin import check_in
    from events.services.registration import register
    from teams.models import (
        Criterion,
        HackathonSettings,
        Judge,
        JudgeAssignment,
        Membership,
        Prize,
        Score,
        Submission,
        SubmissionVersion,
        Team,
        Track,
    )
    from teams.services.common import audit
    from teams.services.results import publish_blockers, winners_for
    from teams.services.submissions import snapshot

    User = get_user_model()
    event = EventPage.objects.filter(slug=PAST_HACK_DAY, kind="hackathon").first()
    if event is None or not _first_time(f"hackathon:{PAST_HACK_DAY}"):
        return
    if event.teams.exists() or event.submissions.exists():
        return  # organizers already ran this one for real
    people = {p.name: p for p in User.objects.filter(email__endswith="@convene.local", name__in=DEMO_PEOPLE)}
    people = [people[name] for name in DEMO_PEOPLE if name in people]
    organizer = User.objects.filter(email=ORGANIZER_EMAIL).first()
    occurrence = event.occurrences.order_by("start").first()
    size = 3
    if len(people) < size * len(PAST_HACK_DAY_TEAMS) + 3 or organizer is None or occurrence is None:
        return
    start = event.start
    settings_obj, _ = HackathonSettings.objects.get_or_create(event=event)
    settings_obj.min_team_size, settings_obj.max_team_size = 2, 4
    settings_obj.formation_closes_at = start + datetime.timedelta(hours=3, minutes=30)
    settings_obj.submission_deadline = start + datetime.timedelta(hours=6, minutes=45)
    settings_obj.judging_closes_at = start + datetime.timedelta(hours=7, minutes=45)
    settings_obj.gallery_public = True
    settings_obj.judging_mode = "rubric"
    settings_obj.judges_per_project = 3
    settings_obj.score_min, settings_obj.score_max = 1, 5
    settings_obj.peoples_choice = False
    settings_obj.full_clean()
    settings_obj.save()

    tracks = {
        name: Track.objects.get_or_create(event=event, name=name, defaults={"description": text, "order": n})[0]
        for n, (name, text) in enumerate(
            [
                ("Transit", "Tools built on MiWay's real-time and schedule feeds."),
                ("Elections and civic data", "Tools built on the City's election results and ward data."),
            ]
        )
    }
    criteria = [
        Criterion.objects.create(event=event, name=name, description=text, weight=weight, order=n)
        for n, (name, text, weight) in enumerate(PAST_HACK_DAY_CRITERIA)
    ]
    Prize.objects.create(event=event, name="Best in show", description="$1,000 and a demo at City Hall", place=1)
    Prize.objects.create(event=event, name="Runner-up", description="$500", place=2)
    Prize.objects.create(
        event=event, name="Best transit tool", description="A meeting with MiWay's data team", track=tracks["Transit"]
    )

    # Everyone registered the week before and came; teams formed at the pitches.
    registered = start - datetime.timedelta(days=7)
    for n, person in enumerate(people):
        registration = register(person, occurrence, now=registered, accept_code_of_conduct=True)
        Registration.objects.filter(pk=registration.pk).update(created_at=registered)
        check_in(registration, actor=organizer, now=start + datetime.timedelta(minutes=5 + n))

    submissions = []
    submitted = settings_obj.submission_deadline - datetime.timedelta(minutes=20)
    for n, (name, title, summary, track, quality) in enumerate(PAST_HACK_DAY_TEAMS):
        members = people[n * size : (n + 1) * size]
        team = Team.objects.create(event=event, name=name, description=summary, captain=members[0])
        for person in members:
            Membership.objects.create(team=team, event=event, user=person)
        slug = title.lower().replace(" ", "-")
        submission = Submission.objects.create(
            event=event,
            team=team,
            title=title,
            summary=summary,
            description=f"{summary} Built in a day at {event.title} with the City of Mississauga's open data.",
            repo_url=f"https://github.com/civictechto-demo/{slug}",
            technologies=["Python", "Open data"],
            submitted_at=submitted + datetime.timedelta(minutes=n),
            version=1,
        )
        submission.tracks.set([tracks[track]])
        SubmissionVersion.objects.create(submission=submission, number=1, data=snapshot(submission), author=members[0])
        submissions.append((submission, quality))

    # Three judges from the community, none of them in a team; each scores every project.
    judges = []
    for person in people[size * len(PAST_HACK_DAY_TEAMS) :][:3]:
        judge = Judge.objects.create(
            event=event, email=person.email, user=person, accepted_at=start - datetime.timedelta(days=3)
        )
        judges.append(judge)
    leniency = (0, -1, 0)  # the second judge marks a point harder on some criteria
    for j, judge in enumerate(judges):
        for s, (submission, quality) in enumerate(submissions):
            JudgeAssignment.objects.create(
                judge=judge,
                submission=submission,
                feedback="Clear demo; publish the code and the data you cleaned." if j == 0 else "",
            )
            for c, criterion in enumerate(criteria):
                value = quality[c] + (leniency[j] if (s + c) % 2 else 0)
                Score.objects.create(judge=judge, submission=submission, criterion=criterion, value=max(1, value))

    # Announced at the end of the day, as the organizer's "publish results" does: once judging has closed.
    if publish_blockers(settings_obj):
        return
    winners = winners_for(event)
    for prize, subs in winners.items():
        prize.winner = subs[0] if subs else None
        prize.save(update_fields=["winner"])
        prize.tied.set(subs[1:])
    settings_obj.results_published_at = start + datetime.timedelta(hours=8, minutes=15)
    settings_obj.save(update_fields=["results_published_at"])
    audit(
        event, organizer, "results.published", None, winners={p.pk: [s.pk for s in subs] for p, subs in winners.items()}
    )


def _social_channels():
    """Demo channels for the weekly #CivicTechTuesday post, in review mode: posts wait for an
    organizer's approval, and no credentials are set, so nothing is ever sent from a demo."""
    from social.models import Channel, ListingSettings

    Channel.objects.get_or_create(
        name="Civic Tech Canada on Mastodon",
        defaults={"network": "mastodon", "base_url": "https://mastodon.social", "enabled": True},
    )
    Channel.objects.get_or_create(
        name="Civic Tech Canada on Bluesky",
        defaults={"network": "bluesky", "handle": "civictech.bsky.social", "enabled": True},
    )
    listing = ListingSettings.for_site(Site.objects.get(is_default_site=True))
    if not listing.review:
        listing.review = True
        listing.save(update_fields=["review"])
