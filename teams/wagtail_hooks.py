from django.template.loader import render_to_string
from wagtail import hooks

from .models import HackathonSettings, Judge, Membership


@hooks.register("convene_event_page_panels")
def hackathon_panel(request, event):
    """On a hackathon's page: the teams link, the gallery when open, and the winners once published."""
    if event.kind != "hackathon":
        return ""
    settings_obj = HackathonSettings.objects.filter(event=event).first()
    winners = None
    if settings_obj and settings_obj.results_published:
        from .services.results import published_winners

        winners = published_winners(event)
    return render_to_string(
        "teams/event_panel.html",
        {
            "event": event,
            "winners": winners,
            "gallery_open": bool(settings_obj and settings_obj.gallery_visible()),
            "voting_open": bool(settings_obj and settings_obj.voting_open()),
        },
        request=request,
    )


@hooks.register("convene_me_panels")
def my_teams_panel(request):
    user = request.user
    if not user.is_authenticated:
        return ""
    memberships = list(Membership.objects.filter(user=user).select_related("team", "event").order_by("-joined_at"))
    judging = list(Judge.objects.filter(user=user, voided_at__isnull=True).select_related("event"))
    if not memberships and not judging:
        return ""
    return render_to_string("teams/me_panel.html", {"memberships": memberships, "judging": judging}, request=request)


@hooks.register("convene_profile_panels")
def profile_projects_panel(request, person):
    """On a public profile: the hackathon projects the person took part in (galleries already public)."""
    from .services.profiles import public_projects

    projects = public_projects(person)
    if not projects:
        return ""
    return render_to_string("teams/profile_projects.html", {"projects": projects, "person": person}, request=request)


@hooks.register("convene_organizer_event_links")
def hackathon_setup_link(request, event):
    """The organizer's cockpit links a hackathon to its teams, tracks and judging setup."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if event.kind != "hackathon":
        return []
    return [(_("Hackathon setup"), reverse("teams:organize", args=[event.pk]))]
