"""The district (OParl: Body) that owns all data, its users, and the base every owned model builds on."""

import contextvars
from contextlib import AbstractContextManager

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .context import bound


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class District(TimeStampedModel):
    """A Kreis or kreisfreie Stadt. One installation can host several, each sees only its own data."""

    name = models.CharField(
        _("name"), max_length=200, unique=True, help_text=_("Official name, e.g. “Kreis Rendsburg-Eckernförde”.")
    )
    short_name = models.CharField(
        _("short name"), max_length=30, help_text=_("Abbreviation used in tables, e.g. “RD-ECK”.")
    )
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Part of the web address, e.g. “rendsburg-eckernfoerde”.")
    )
    # BITV 2.0 § 7: the accessibility statement names where people report barriers, per district.
    accessibility_contact = models.TextField(
        _("accessibility feedback contact"),
        blank=True,
        max_length=1000,
        help_text=_("Office, address and telephone number shown in the accessibility statement."),
    )
    accessibility_email = models.EmailField(
        _("accessibility feedback e-mail"),
        blank=True,
        help_text=_("Address for reports of barriers and requests for accessible versions."),
    )
    # Districts are bodies of their federal state: its law names where people turn when feedback fails.
    accessibility_enforcement_body = models.CharField(
        _("accessibility enforcement body"),
        blank=True,
        max_length=200,
        help_text=_(
            "The office of the district's federal state that people can turn to if the district's answer to their "
            "feedback does not satisfy them, e.g. “Beschwerdestelle für barrierefreie Informationstechnik "
            "Schleswig-Holstein”."
        ),
    )
    accessibility_enforcement_url = models.URLField(
        _("accessibility enforcement body's web address"),
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    oparl_publish_persons = models.BooleanField(
        _("publish contact persons via OParl"),
        default=False,
        help_text=_("Lists the contact persons of released public papers as OParl persons."),
    )
    oparl_source_url = models.URLField(
        _("OParl URL"),
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_(
            "The council information system's OParl endpoint (system or body) whose results are imported, "
            "e.g. “https://ris.example.de/oparl/v1/”."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actionplan:district_detail", kwargs={"slug": self.slug})


def period_ordered(*, start: str, end: str, name: str, message) -> models.CheckConstraint:
    """A database check that `end` is not before `start`; either may be empty."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=name,
        violation_error_message=message,
    )


class DistrictQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only the rows of the user's own district; nothing for anonymous users."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(district_id=user.district_id)


class PortalUserManager(UserManager.from_queryset(DistrictQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # createsuperuser passes the district as its primary key.
        district = extra_fields.get("district")
        if district is not None and not isinstance(district, District):
            extra_fields["district"] = District.objects.get(pk=district)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """Every user works for exactly one district; all data they see and write is that district's."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("district"),
        help_text=_("The district this person works for. They see and edit only its data."),
    )

    objects = PortalUserManager()

    REQUIRED_FIELDS = ["email", "district"]

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"


def user_link(verbose_name, *, related_name="+", blank=True, **options) -> models.ForeignKey:
    """The user who wrote, changed or asked for something. The record outlives the account: it keeps an empty
    link when the user is deleted."""
    return models.ForeignKey(
        "integration_portal.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


class NamedByText:
    """An object whose name in lists, filters and the history is the start of its `text`."""

    def __str__(self):
        return Truncator(self.text).chars(80)


class DistrictOwnedModel(TimeStampedModel):
    """Base of every model that belongs to a district. Scoping goes through `integration_portal.scoping`."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
        editable=False,
    )

    objects = DistrictQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        self.check_same_district()

    def check_same_district(self):
        """Refuse links to another district's objects, whatever path the data came by."""
        errors = {}
        for field in self._meta.concrete_fields:
            if not field.is_relation or not issubclass(field.related_model, DistrictOwnedModel):
                continue
            related = getattr(self, field.name, None)
            if related is not None and self.district_id is not None and related.district_id != self.district_id:
                errors[field.name] = ValidationError(
                    _("“%(object)s” belongs to another district."), code="other_district", params={"object": related}
                )
        if errors:
            raise ValidationError(errors)


class HistoryPath(models.TextChoices):
    """The way a change reached the database."""

    ADMIN = "admin", _("admin")
    BROWSER = "browser", _("browser form")
    IMPORT = "import", _("import")
    COMMAND = "command", _("command")


# Set for the length of a request, an import or a command (`integration_portal.history.history_path`).
_current_path = contextvars.ContextVar("history_path", default="")


def current_history_path() -> str:
    """The path of the change being made now, or "" outside any known path."""
    return _current_path.get()


def history_path(path: str) -> AbstractContextManager[None]:
    """Every historical record written inside the block carries `path` in its path column."""
    return bound(_current_path, path)


class PathHistoricalModel(models.Model):
    """Base of every historical record: the path of the change in its own column.

    The change reason of django-simple-history stays free for a reason a person gives.
    """

    history_path = models.CharField(
        _("path"), max_length=10, choices=HistoryPath.choices, blank=True, default=current_history_path, db_index=True
    )

    class Meta:
        abstract = True

    @property
    def path(self):
        """The path's label; the admin's history list shows it in a column named "path"."""
        return self.get_history_path_display()


def history_records(**options) -> HistoricalRecords:
    """The change history of a model: one record per save, with the path it came by."""
    return HistoricalRecords(bases=[PathHistoricalModel], **options)


# The background jobs' models live in their own package; imported here so Django finds them in this app.
from .jobs.models import Job, WorkerHeartbeat  # noqa: E402, F401
