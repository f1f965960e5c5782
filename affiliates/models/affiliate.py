"""A local Affiliate's page, and the index of the places it serves that matching reads."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from affiliates import areas, servicemap
from affiliates.forms import AffiliatePageForm
from affiliates.zipdata import STATE_CHOICES, STATE_NAMES, county_key, get_index
from core.images import attach_images, image_alt_errors
from core.models import BasePage
from core.models.mixins import LeadImageMixin

zip_validator = RegexValidator(
    r"^\d{5}$", "Enter a 5-digit ZIP code, keeping any leading zeros (e.g. 02108)."
)


class AffiliatePage(LeadImageMixin, BasePage):
    """One local Affiliate: contact details, the places it serves, its logo and a photo (the
    lead image)."""

    description = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="What this Affiliate offers: programs, events, grants. A few short paragraphs.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Shown beside the name on the Affiliate's page and in locator results.",
    )
    logo_alt = models.CharField(
        "logo alt text",
        max_length=250,
        blank=True,
        help_text="Usually the words in the logo, e.g. 'Komen Iowa'. Required unless the logo is decorative.",
    )
    logo_decorative = models.BooleanField(
        "logo is decorative",
        default=False,
        help_text="Tick when the logo only repeats the Affiliate's name next to it; screen readers then skip it.",
    )
    phone = models.CharField(max_length=40, blank=True, help_text="Main phone number, e.g. (515) 555-0142.")
    email = models.EmailField(blank=True, help_text="Public contact email address.")
    website = models.URLField(blank=True, help_text="The Affiliate's own website, starting with https://.")
    street = models.CharField(max_length=200, blank=True, help_text="Street address of the office.")
    city = models.CharField(max_length=100, help_text="City of the office.")
    state = models.CharField(max_length=2, choices=STATE_CHOICES, help_text="State of the office.")
    zip = models.CharField(
        "ZIP code",
        max_length=5,
        validators=[zip_validator],
        help_text="5-digit ZIP code of the office. Used for its position when latitude and longitude are empty.",
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Leave empty to use the centre of the office's ZIP code. Used for distances.",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Leave empty to use the centre of the office's ZIP code.",
    )
    service_states = models.CharField(
        "whole states served",
        max_length=400,
        blank=True,
        help_text="States this Affiliate serves entirely. Another Affiliate serving a county or ZIP "
        "inside the state takes precedence there.",
    )
    service_counties = models.TextField(
        "counties served",
        blank=True,
        help_text="One county per line with its state, e.g. “Polk County, IA”. Counties may be in "
        "different states.",
    )
    service_zips = models.TextField(
        "extra ZIP codes served",
        blank=True,
        help_text="5-digit ZIP codes served outside the states and counties above, separated by "
        "spaces or commas, e.g. 51501 51503. A ZIP listed here takes precedence over counties and states.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("logo_alt"),
                FieldPanel("logo_decorative"),
                FieldPanel("lead_image", heading="Photo"),
                FieldPanel("lead_image_alt", heading="Photo alt text"),
                FieldPanel("lead_image_decorative", heading="Photo is decorative"),
                FieldPanel("lead_image_credit", heading="Photo caption or credit"),
            ],
            heading="Logo and photo",
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading="Contact",
        ),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("state"), FieldPanel("zip")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading="Office address",
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    "People are matched to the Affiliates whose most specific match is best: a ZIP "
                    "code beats a county, and a county beats a whole state."
                ),
                FieldPanel("service_states"),
                FieldPanel("service_counties"),
                FieldPanel("service_zips"),
            ],
            heading="Service area",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("city"),
        index.SearchField("service_counties"),
        index.FilterField("state"),
    ]
    base_form_class = AffiliatePageForm

    parent_page_types = ["affiliates.AffiliateLocatorPage"]
    subpage_types = []
    page_description = (
        "A local Affiliate: its contact details and the states, counties and ZIP codes it serves."
    )

    class Meta:
        verbose_name = "affiliate"

    def clean(self):
        super().clean()
        errors = image_alt_errors(self.logo, self.logo_alt, self.logo_decorative, "logo")
        states, state_errors = areas.parse_states(self.service_states)
        counties, county_errors = areas.parse_counties(self.service_counties)
        zips, zip_errors = areas.parse_zips(self.service_zips)
        for field, messages in (
            ("service_states", state_errors),
            ("service_counties", county_errors),
            ("service_zips", zip_errors),
        ):
            if messages:
                errors[field] = messages
        if not errors:
            self.service_states = areas.format_states(states)
            self.service_counties = areas.format_counties(counties)
            self.service_zips = areas.format_zips(zips)
        if self._coordinates_follow_old_zip():
            self.latitude = self.longitude = None
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude" if self.latitude is None else "longitude"] = (
                "Enter both latitude and longitude, or leave both empty to use the ZIP code."
            )
        elif self.latitude is None and self.zip and zip_validator.regex.match(self.zip):
            record = get_index().zip(self.zip)
            if record is None or record.latitude is None:
                errors["zip"] = "We have no position for this ZIP code: enter latitude and longitude."
            else:
                self.latitude, self.longitude = _decimal(record.latitude), _decimal(record.longitude)
        if errors:
            raise ValidationError(errors)

    def _coordinates_follow_old_zip(self):
        """True when the ZIP changed and the position is still the old ZIP's centre.

        Such a position was filled in from the ZIP, not typed by an editor, so it should
        move with the ZIP rather than keep pointing at the old one.
        """
        if self.pk is None or self.latitude is None or self.longitude is None:
            return False
        old = type(self).objects.filter(pk=self.pk).values("zip", "latitude", "longitude").first()
        if (
            not old
            or old["zip"] == self.zip
            or (old["latitude"], old["longitude"])
            != (
                self.latitude,
                self.longitude,
            )
        ):
            return False
        record = get_index().zip(old["zip"])
        return (
            record is not None
            and record.latitude is not None
            and (
                _decimal(record.latitude),
                _decimal(record.longitude),
            )
            == (_decimal(self.latitude), _decimal(self.longitude))
        )

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            result = super().save(*args, **kwargs)
            # Drafts save only bookkeeping fields; the page row's content is the live
            # version, so the match index follows every full save (create, publish, import).
            if update_fields is None or {"service_states", "service_counties", "service_zips"} & set(
                update_fields
            ):
                ServiceArea.rebuild_for(self)
        return result

    @property
    def logo_alt_text(self):
        return "" if self.logo_decorative else self.logo_alt

    def with_images(self):
        """The page with its logo and photo and their renditions loaded (two queries); the
        template asks for it only when its fragment is rendered, not when it comes from the
        shared cache."""
        attach_images([self], "logo", "lead_image")
        return self

    @cached_property
    def service_area(self):
        """Parsed service area for display: (state names, counties, ZIPs)."""
        states, _ = areas.parse_states(self.service_states)
        counties, _ = areas.parse_counties(self.service_counties)
        zips, _ = areas.parse_zips(self.service_zips)
        return {"states": [STATE_NAMES[s] for s in states], "counties": counties, "zips": zips}

    @cached_property
    def service_map(self):
        """The offline SVG map of the whole states and counties served (affiliates/servicemap.py)."""
        states, _ = areas.parse_states(self.service_states)
        counties, _ = areas.parse_counties(self.service_counties)
        return servicemap.build(states, counties, office_state=self.state)

    @property
    def state_name(self):
        return STATE_NAMES.get(self.state, self.state)


def _decimal(value):
    return Decimal(str(value)).quantize(Decimal("0.000001"))


class ServiceArea(models.Model):
    """One state, county or ZIP an affiliate serves: an index rebuilt from the page's fields.

    Editors never edit these rows; they exist so a locate call is a few indexed queries
    whatever the number of affiliates.
    """

    ZIP, COUNTY, STATE = "zip", "county", "state"
    KIND_CHOICES = [(ZIP, "ZIP code"), (COUNTY, "County"), (STATE, "State")]

    affiliate = models.ForeignKey(AffiliatePage, on_delete=models.CASCADE, related_name="service_areas")
    kind = models.CharField(max_length=6, choices=KIND_CHOICES)
    key = models.CharField(max_length=120, help_text="ZIP, normalised county name or state code.")
    state = models.CharField(max_length=2)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "state"]), models.Index(fields=["state"])]
        constraints = [
            models.UniqueConstraint(fields=["affiliate", "kind", "key", "state"], name="unique_service_area")
        ]

    def __str__(self):
        return f"{self.affiliate_id}: {self.kind} {self.key}, {self.state}"

    @classmethod
    def rows_for(cls, affiliate):
        index = get_index()
        states, _ = areas.parse_states(affiliate.service_states)
        counties, _ = areas.parse_counties(affiliate.service_counties)
        zips, _ = areas.parse_zips(affiliate.service_zips)
        rows = [cls(affiliate=affiliate, kind=cls.STATE, key=state, state=state) for state in states]
        for county in counties:
            name, _, state = county.rpartition(", ")
            rows.append(
                cls(affiliate=affiliate, kind=cls.COUNTY, key=county_key(name, state)[0], state=state)
            )
        for code in zips:
            rows.append(cls(affiliate=affiliate, kind=cls.ZIP, key=code, state=index.zip(code).state))
        return rows

    @classmethod
    def rebuild_for(cls, affiliate):
        wanted = {(r.kind, r.key, r.state): r for r in cls.rows_for(affiliate)}
        existing = {
            (kind, key, state): pk
            for pk, kind, key, state in cls.objects.filter(affiliate=affiliate).values_list(
                "pk", "kind", "key", "state"
            )
        }
        stale = [pk for identity, pk in existing.items() if identity not in wanted]
        if stale:
            cls.objects.filter(pk__in=stale).delete()
        missing = [row for identity, row in wanted.items() if identity not in existing]
        if missing:
            cls.objects.bulk_create(missing)
