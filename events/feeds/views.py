"""Feed endpoints and the person's feed settings. Thin: lookups and building live in specs/build."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..exceptions import EventsError
from ..models import GroupPage
from ..services.follows import follow_group, unfollow_group
from . import specs
from .build import build_feed, cached_body, lookup
from .language import feed_language
from .panels import private_feed_panel
from .tokens import regenerate_token, user_for_token


def _build(make_spec, stamp, language):
    # One cached copy per language serves every visitor of that language's URL (/calendar/…, /fr/calendar/…).
    with translation.override(language):
        return build_feed(make_spec(), stamp)


def _serve(request, spec_key, make_spec, *, user_pk=None, private=False):
    language = feed_language()  # from the URL's prefix (LocaleMiddleware)
    stamp, validators = lookup(spec_key, user_pk, language=language)
    body = None
    if validators is None:
        validators, body = _build(make_spec, stamp, language)
    response = HttpResponse(content_type="text/calendar; charset=utf-8")
    response["ETag"] = validators.etag
    response["Last-Modified"] = http_date(validators.last_modified.timestamp())
    # no-cache: a proxy or client may keep the copy but must ask again each time (a 304 is cheap), so nobody
    # serves a copy that a change has made stale.
    response["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
    if private:
        response["X-Robots-Tag"] = "noindex"
    conditional = get_conditional_response(
        request, etag=validators.etag, last_modified=int(validators.last_modified.timestamp()), response=response
    )
    if conditional is not response:
        return conditional  # 304 (or 412): answered from the validators alone
    if body is None:
        body = cached_body(validators)
    if body is None:  # evicted: build again (same data gives the same bytes and validators)
        validators, body = _build(make_spec, stamp, language)
        response["ETag"] = validators.etag
        response["Last-Modified"] = http_date(validators.last_modified.timestamp())
    response["Content-Length"] = str(len(body))
    if request.method != "HEAD":
        response.content = body
    return response


@require_safe
def all_events(request):
    return _serve(request, "all", specs.all_events)


@require_safe
def group_events(request, slug):
    return _serve(request, f"group:{slug}", lambda: specs.group_events(slug))


@require_safe
def kind_events(request, kind):
    return _serve(request, f"kind:{kind}", lambda: specs.kind_events(kind))


@require_safe
def tag_events(request, slug):
    return _serve(request, f"tag:{slug}", lambda: specs.tag_events(slug))


@require_safe
def single_event(request, pk):
    return _serve(request, f"event:{pk}", lambda: specs.single_event(pk))


@require_safe
def personal_events(request, token):
    user = user_for_token(token)
    if user is None:
        raise Http404(_("This calendar address is not valid (it may have been replaced by a new one)."))
    return _serve(request, f"me:{user.pk}", lambda: specs.personal_events(user, token), user_pk=user.pk, private=True)


@login_required
@require_safe
def feed_settings(request):
    return render(request, "events/calendar_settings.html", {"panel": private_feed_panel(request)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def regenerate(request):
    """GET asks for confirmation (the old address stops working for every calendar using it); POST replaces."""
    if request.method != "POST":
        back = "/me/" if request.GET.get("next") == "/me/" else None
        return render(request, "events/calendar_regenerate_confirm.html", {"next": back})
    regenerate_token(request.user)
    messages.success(request, _("Your private calendar address was replaced. The old address no longer works."))
    return redirect(request.POST.get("next") if request.POST.get("next") == "/me/" else "calendar:settings")


def _group(slug):
    return get_object_or_404(GroupPage.objects.live().public(), slug=slug)


@login_required
@require_POST
def follow(request, slug):
    group = _group(slug)
    try:
        follow_group(request.user, group)
    except EventsError as error:
        messages.error(request, str(error))
    else:
        text = _("You follow %(group)s: its events are in your private calendar, and we email you about new ones.")
        messages.success(request, text % {"group": group.title})
    return redirect(group.url)


@login_required
@require_POST
def unfollow(request, slug):
    group = _group(slug)
    unfollow_group(request.user, group)
    messages.success(request, _("You no longer follow %(group)s.") % {"group": group.title})
    return redirect(group.url)
