"""Followers' emails: the one-click stop link from each email, and the on/off switch on the group page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..bilingual import localized_text
from ..models import GroupPage
from ..services.follows import follow_for_token, follow_of, set_follow_emails


@csrf_exempt  # the signed token is the authority; mail clients POST here without a form (RFC 8058)
@require_http_methods(["GET", "HEAD", "POST"])
def stop_follow_emails(request, token):
    """GET shows one button (link scanners that prefetch a GET stop nothing); POST stops the emails.
    Mail clients' own unsubscribe button POSTs "List-Unsubscribe=One-Click" straight here."""
    follow = follow_for_token(token)
    if follow is None:
        return render(request, "events/follow_emails_stop.html", {"follow": None}, status=404)
    done = False
    if request.method == "POST":
        resume = request.POST.get("resume") == "1"
        set_follow_emails(follow, resume)
        done = True
    return render(request, "events/follow_emails_stop.html", {"follow": follow, "token": token, "done": done})


@login_required
@require_POST
def follow_emails_switch(request, slug):
    group = get_object_or_404(GroupPage.objects.live().public(), slug=slug)
    follow = follow_of(request.user, group)
    if follow is None:
        messages.error(request, _("Follow the group first."))
        return redirect(group.url)
    on = request.POST.get("on") == "1"
    set_follow_emails(follow, on)
    name = localized_text(group, "title")
    if on:
        messages.success(
            request,
            _("We'll email you when %(group)s publishes a new event.") % {"group": name},
        )
    else:
        messages.success(request, _("No more emails about new %(group)s events.") % {"group": name})
    return redirect(group.url)
