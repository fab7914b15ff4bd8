from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from ..admin_forms import VenueForm


class Venue(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200)
    # The group whose organizers may edit it and choose it; empty: a shared venue that site staff keep.
    group = models.ForeignKey(
        "events.GroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venues",
        verbose_name=_("group"),
        help_text=_("Its organizers may edit and use this venue. Leave empty for a venue every group shares."),
    )
    address = models.CharField(_("street address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("province or state"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, default="CA")
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("group"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("city"), FieldPanel("region"), FieldPanel("postal_code")]),
        FieldPanel("country"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("accessibility_notes"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("city"),
        index.AutocompleteField("name"),
        index.FilterField("city"),  # the admin listing filters by city while searching
        index.FilterField("group"),  # choosers offer an organizer their groups' venues while searching
    ]

    base_form_class = VenueForm

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return f"{self.name}, {self.city}"

    @property
    def full_address(self):
        parts = [self.name, self.address, self.city, self.region, self.postal_code]
        return ", ".join(p for p in parts if p)

    @property
    def has_geo(self):
        return self.latitude is not None and self.longitude is not None
