from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone

from events.restrictions import restriction_response

from ..exceptions import TeamsError
from ..services.common import get_hackathon, hackathon_settings, is_organizer, judge_for


def hackathon_view(login=False, organizer=False, invited=False):
    """Resolve <event_id> to a hackathon (404 otherwise), check login/organizer, run in the event's zone.

    A password-protected or members-only hackathon's pages and actions (teams, board, projects, votes) are
    open only to those who passed its restriction, as the event page is. Organizer views and `invited` ones
    (judges, whom the organizers chose) rest on that authority instead."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, event_id, *args, **kwargs):
            event = get_hackathon(event_id)
            if event is None or not event.live:
                raise Http404
            if (login or organizer) and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if organizer and not is_organizer(request.user, event):
                raise Http404
            if not (organizer or invited) and (denied := restriction_response(request, event)) is not None:
                return denied
            request.hackathon = hackathon_settings(event)
            with timezone.override(event.tz):
                return view(request, event, *args, **kwargs)

        return wrapper

    return decorate


def nav_context(request, event):
    user = request.user
    return {
        "event": event,
        "hack": request.hackathon,
        "is_organizer": is_organizer(user, event),
        "my_judge": judge_for(user, event),
        "zone": event.timezone,
    }


def attempt(request, fn, *args, success=None, **kwargs):
    """Call a service; show its refusal as an error message. Returns (ok, result)."""
    try:
        result = fn(*args, **kwargs)
    except TeamsError as exc:
        messages.error(request, str(exc))
        return False, None
    if success:
        messages.success(request, success)
    return True, result


def back(request, fallback):
    return redirect(fallback)
