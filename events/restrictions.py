"""Wagtail's page privacy (password, logged-in users, groups) for the doors that are not the page itself.

Wagtail checks a page's view restrictions only when it serves the page. Registering for an event, joining a
hackathon team or voting act on the page through our own URLs, so they ask here, and get the answer the page
would give: the password form (coming back here afterwards), the login page, or a refusal."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import PageViewRestriction


def passes_view_restrictions(request, page):
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def restriction_response(request, page, *, may_be_restricted=True):
    """None when the request has passed every view restriction on the page and its ancestors; otherwise the
    response to send instead of acting. Raises PermissionDenied for a signed-in person outside the groups.

    `may_be_restricted=False` (from `events.services.registration.registration_facts`, which asks the
    database in the same query as other facts) answers None at once."""
    if not may_be_restricted:
        return None
    for restriction in page.get_view_restrictions():
        if restriction.accept_request(request):
            continue
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            # After the password, come back to this URL when it can be opened; an action (POST) goes back
            # to the page, where the person can try again.
            return_url = request.get_full_path() if request.method in ("GET", "HEAD") else page.url
            form = PasswordViewRestrictionForm(instance=restriction, initial={"return_url": return_url})
            action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
            response = page.serve_password_required_response(request, form, action_url)
            if request.method not in ("GET", "HEAD"):
                response.status_code = 403
        elif request.user.is_authenticated:
            raise PermissionDenied
        else:
            login_url = getattr(settings, "WAGTAIL_FRONTEND_LOGIN_URL", None) or settings.LOGIN_URL
            response = redirect_to_login(request.get_full_path(), login_url)
        add_never_cache_headers(response)
        return response
    return None
