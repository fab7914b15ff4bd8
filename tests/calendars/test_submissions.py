import datetime

import pytest
from django.core import mail

from calendars.models import EventSubmission

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(make_group, make_user):
    organizer = make_user(email="organizer@example.org")
    mine = make_group("Civic Tech Toronto", slug="ctto")
    mine.organizers.add(organizer)
    mine.save()
    return organizer, mine, make_group("Civic Tech Ottawa", slug="ctottawa")


def _data(group=None, **changes):
    day = datetime.date.today() + datetime.timedelta(days=10)
    data = {
        "group": group.pk if group else "",
        "title": "Open data picnic",
        "date": day.isoformat(),
        "start_time": "12:00",
        "end_time": "15:00",
        "timezone": "America/Halifax",
        "location": "Officers' Square, Fredericton",
        "online_link": "",
        "description": "Bring a blanket.",
        "url": "https://www.eventbrite.ca/e/open-data-picnic-1234",
    }
    return {**data, **changes}


def test_a_logged_in_person_submits_and_it_waits_for_review(client, make_user, groups):
    _, mine, _ = groups
    client.force_login(make_user(email="neighbour@example.org"))
    response = client.post("/submit-event/", _data(mine))
    assert response.status_code == 302
    submission = EventSubmission.objects.get()
    assert submission.status == "pending" and submission.group == mine
    assert submission.local_start.hour == 12 and submission.timezone == "America/Halifax"
    assert "Open data picnic" not in client.get("/events/").content.decode()  # not before review


def test_anonymous_people_are_sent_to_log_in(client, groups):
    response = client.post("/submit-event/", _data())
    assert response.status_code == 302 and "login" in response["Location"]
    assert not EventSubmission.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": "<b>Picnic</b>"}, "Write plain text"),
        ({"description": "Hi <script>alert(1)</script>"}, "Write plain text"),
        ({"location": "", "online_link": ""}, "Give a place or an online link."),
        ({"end_time": "11:00"}, "The event must end after it starts."),
        ({"url": "javascript:alert(1)"}, "Enter a valid URL."),
        (
            {"date": (datetime.date.today() - datetime.timedelta(days=2)).isoformat()},
            "Submit events that are still ahead.",
        ),
    ],
)
def test_bad_submissions_are_refused_with_a_message(client, make_user, changes, message, groups):
    client.force_login(make_user())
    response = client.post("/submit-event/", _data(**changes))
    assert response.status_code == 400  # a form with errors answers 400 site-wide
    assert message in response.content.decode()
    assert not EventSubmission.objects.exists()


def test_submissions_are_rate_limited(settings, client, make_user, groups):
    settings.CONVENE_SUBMISSIONS_PER_DAY = 2
    client.force_login(make_user())
    for n in range(2):
        assert client.post("/submit-event/", _data(title=f"Picnic {n}")).status_code == 302
    response = client.post("/submit-event/", _data(title="One too many"))
    assert "please wait before submitting more" in response.content.decode()
    assert EventSubmission.objects.count() == 2


def _submitted(client, make_user, group):
    person = make_user(email="neighbour@example.org")
    client.force_login(person)
    client.post("/submit-event/", _data(group))
    client.logout()
    return EventSubmission.objects.get()


def test_the_groups_organizer_publishes_it_and_it_is_listed(
    client, make_user, groups, django_capture_on_commit_callbacks
):
    organizer, mine, _ = groups
    submission = _submitted(client, make_user, mine)
    client.force_login(organizer)
    assert "Open data picnic" in client.get("/organize/submissions/").content.decode()
    review = _data(mine, title="Open data picnic (edited)", decision="publish", decline_reason="")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/organize/submissions/{submission.pk}/", review).status_code == 302
    submission.refresh_from_db()
    assert submission.status == "published" and submission.title == "Open data picnic (edited)"
    listing = client.get("/events/").content.decode()
    assert "Open data picnic (edited)" in listing and "Hosted on eventbrite.ca" in listing
    assert "Open data picnic (edited)" in client.get(mine.url).content.decode()
    assert mail.outbox[-1].to == ["neighbour@example.org"]


def test_declining_sends_the_reason_to_the_submitter(client, make_user, groups, django_capture_on_commit_callbacks):
    organizer, mine, _ = groups
    submission = _submitted(client, make_user, mine)
    client.force_login(organizer)
    response = client.post(f"/organize/submissions/{submission.pk}/", _data(decision="decline", decline_reason=""))
    assert "Give the submitter a reason for declining." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/organize/submissions/{submission.pk}/",
            _data(decision="decline", decline_reason="This is not a civic tech event."),
        )
    submission.refresh_from_db()
    assert submission.status == "declined"
    (message,) = mail.outbox
    assert message.to == ["neighbour@example.org"]
    assert "This is not a civic tech event." in message.body
    assert "Open data picnic" not in client.get("/events/").content.decode()


def test_another_groups_organizer_cannot_review_it(client, make_user, groups):
    organizer, _, theirs = groups
    submission = _submitted(client, make_user, theirs)
    client.force_login(organizer)
    assert "Open data picnic" not in client.get("/organize/submissions/").content.decode()
    response = client.post(f"/organize/submissions/{submission.pk}/", _data(decision="publish", decline_reason=""))
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == "pending"


def test_submissions_without_a_group_are_for_site_staff(client, make_user, groups):
    organizer, _, _ = groups
    submission = _submitted(client, make_user, None)
    client.force_login(organizer)
    assert client.get(f"/organize/submissions/{submission.pk}/").status_code == 403
    client.force_login(make_user(is_staff=True))
    assert (
        client.post(f"/organize/submissions/{submission.pk}/", _data(decision="publish", decline_reason="")).status_code
        == 302
    )
    submission.refresh_from_db()
    assert submission.status == "published"


def test_people_who_moderate_nothing_see_no_queue(client, make_user):
    client.force_login(make_user())
    assert client.get("/organize/submissions/").status_code == 403
