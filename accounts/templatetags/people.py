"""How a person appears on a page: an initials avatar and their display name (linked when public)."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag
def avatar(user, size="small"):
    return render_to_string("accounts/includes/avatar.html", {"person": user, "size": size})


@register.simple_tag
def person(user, link=True, size="small"):
    """Avatar + display name (+ pronouns); a link to the public profile when the person made it public."""
    return render_to_string("accounts/includes/person.html", {"person": user, "link": link, "size": size})
