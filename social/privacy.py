"""What the social app holds about a person (organizers who approve or edit posts), for privacy."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import Collected, DataSource, register

from .models import Post, PostLog


def _when(value):
    return value.isoformat() if value else None


def export(user):
    return {
        "posts_approved": [
            {"channel": p.channel.name, "kind": p.kind, "key": p.key, "approved_at": _when(p.approved_at)}
            for p in Post.objects.filter(approved_by=user).select_related("channel").order_by("pk")
        ],
        "post_actions": [
            {"post": entry.post_id, "action": entry.action, "at": _when(entry.at)}
            for entry in PostLog.objects.filter(user=user).order_by("at", "pk")
        ],
    }


def erase(erasure):
    # Who approved a post stays (as the pseudonym); a log message naming the person does not.
    for entry in PostLog.objects.filter(user=erasure.user):
        if erasure.contains_identifier(entry.message):
            entry.message = erasure.scrub(entry.message)
            entry.save(update_fields=["message"])


def register_source():
    register(
        DataSource(
            key="social",
            label=_("Social posts"),
            export=export,
            erase=erase,
            order=30,
            collected=(
                Collected(
                    what=_("Approvals of social posts"),
                    fields=(_("which post"), _("when")),
                    purpose=_("So organizers can see who approved each weekly post."),
                    who_sees=_("Organizers and site staff."),
                    kept=_("Kept with the post; after you erase your account, without your name."),
                ),
            ),
            export_fields={
                "posts_approved": _("Social posts you approved (organizers)."),
                "post_actions": _("Actions you took on social posts."),
            },
        )
    )
