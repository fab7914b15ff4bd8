from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person: participant, organizer or judge. The email address is the login."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    bio = models.TextField(_("about me"), blank=True, max_length=2000)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    github = models.CharField(_("GitHub username"), max_length=39, blank=True)
    mastodon = models.URLField(_("Mastodon profile"), blank=True)
    linkedin = models.URLField(_("LinkedIn profile"), blank=True)
    public_profile = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Show a public page with your name, profile and the hackathon projects you took part in."),
    )

    # The person's language: their emails, reminders and notifications are written in it, and the admin
    # follows it. Pages follow their URL (/fr/...), not this.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("en", "English"), ("fr", "Français")],
        default="en",
        help_text=_("The language of the emails and notifications we send you."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name

    @property
    def real_name(self):
        """The name the person gave, or an empty string."""
        return (self.name or self.get_full_name()).strip()

    @property
    def display_name(self):
        """How the person is shown to others. Never any part of the email address (people who have not
        given a name appear as a numbered participant until they do)."""
        return self.real_name or gettext("Participant %(number)s") % {"number": self.pk or ""}

    @property
    def initials(self):
        """Up to two letters for the avatar, from the name's first and last words."""
        words = [w for w in self.real_name.replace("-", " ").split() if w[:1].isalnum()]
        if not words:
            return "?"
        letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
        return letters.upper()

    @property
    def avatar_variant(self):
        """One of six colour pairs for the initials avatar, stable per person."""
        return (self.pk or 0) % 6

    @property
    def links(self):
        """The person's links as (label, url) pairs, for profiles."""
        pairs = [
            (gettext("Website"), self.website),
            ("GitHub", f"https://github.com/{self.github}" if self.github else ""),
            ("Mastodon", self.mastodon),
            ("LinkedIn", self.linkedin),
        ]
        return [(label, url) for label, url in pairs if url]
