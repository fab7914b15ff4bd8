import functools

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_str

from .languages import current, localize_path
from .mail import from_email, greeting_name, language_headers, language_of, site_info


@functools.cache
def provider_not_configured():
    """The error for a login provider nobody configured: both allauth's SocialApp.DoesNotExist (which
    allauth catches in places) and Http404 (so every other caller answers 404, not 500)."""
    from allauth.socialaccount.models import SocialApp

    return type("ProviderNotConfigured", (SocialApp.DoesNotExist, Http404), {})


class AccountAdapter(DefaultAccountAdapter):
    """Account emails come from the site's name and greet the person by name."""

    def format_email_subject(self, subject):
        return f"[{settings.SITE_NAME}] {force_str(subject)}"

    def get_from_email(self):
        return from_email()

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        context = {**context, "current_site": site_info(), "greeting_name": greeting_name(user)}
        # In the person's language when we know them; otherwise in the language of the page they used.
        with translation.override(language_of(user) if user is not None else current()):
            super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        headers = {**(headers or {}), **language_headers(current())}
        return super().render_mail(template_prefix, email, context, headers=headers)

    def new_user(self, request):
        # Someone who signs up on a French page gets their emails in French.
        user = super().new_user(request)
        user.language = current()
        return user

    def get_login_redirect_url(self, request):
        # After logging in on a French page, the French home page ("/" is the English one).
        return localize_path(super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request):
        # A new account lands on its profile, to check the name others see and add skills.
        return reverse("people:edit") + "?welcome=1"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request, provider, client_id=None):
        # e.g. /accounts/github/login/ without GITHUB_CLIENT_ID and GITHUB_SECRET
        from allauth.socialaccount.models import SocialApp

        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise provider_not_configured()(f"The login provider {provider!r} is not configured.")

    def new_user(self, request, sociallogin):
        user = super().new_user(request, sociallogin)
        user.language = current()
        return user

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        extra = sociallogin.account.extra_data or {}
        if not user.name:
            user.name = (extra.get("name") or data.get("name") or "")[:150]
        if sociallogin.account.provider == "github" and not user.github:
            user.github = (extra.get("login") or "")[:39]
        return user
