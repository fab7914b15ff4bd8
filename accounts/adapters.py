import functools

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import Http404


@functools.cache
def provider_not_configured():
    """The error for a login provider nobody configured: both allauth's SocialApp.DoesNotExist (which
    allauth catches in places) and Http404 (so every other caller answers 404, not 500)."""
    from allauth.socialaccount.models import SocialApp

    return type("ProviderNotConfigured", (SocialApp.DoesNotExist, Http404), {})


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request, provider, client_id=None):
        # e.g. /accounts/github/login/ without GITHUB_CLIENT_ID and GITHUB_SECRET
        from allauth.socialaccount.models import SocialApp

        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise provider_not_configured()(f"The login provider {provider!r} is not configured.")

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        extra = sociallogin.account.extra_data or {}
        if not user.name:
            user.name = (extra.get("name") or data.get("name") or "")[:150]
        if sociallogin.account.provider == "github" and not user.github:
            user.github = (extra.get("login") or "")[:39]
        return user
