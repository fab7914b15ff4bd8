"""What a person's public profile shows from hackathons: the submitted projects of the teams they are in,
for events whose project gallery is public."""

from events.models import EventPage

from ..models import HackathonSettings, Membership, Submission


def public_projects(person):
    """[(submission, team, event)], newest event first; only projects anyone may already see in a gallery."""
    team_ids = Membership.objects.filter(user=person).values_list("team_id", flat=True)
    submissions = list(
        Submission.objects.filter(team_id__in=team_ids, submitted_at__isnull=False).select_related("team", "event")
    )
    if not submissions:
        return []
    event_ids = {s.event_id for s in submissions}
    public_events = set(EventPage.objects.live().public().filter(pk__in=event_ids).values_list("pk", flat=True))
    open_galleries = {
        settings_obj.event_id
        for settings_obj in HackathonSettings.objects.filter(event_id__in=public_events)
        if settings_obj.gallery_visible()
    }
    visible = [s for s in submissions if s.event_id in open_galleries]
    visible.sort(key=lambda s: (s.event.start_date, s.pk), reverse=True)
    return [(s, s.team, s.event) for s in visible]
