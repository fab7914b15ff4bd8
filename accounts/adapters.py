from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        extra = sociallogin.account.extra_data or {}
        if not user.name:
            user.name = (extra.get("name") or data.get("name") or "")[:150]
        if sociallogin.account.provider == "github" and not user.github:
            user.github = (extra.get("login") or "")[:39]
        return user
