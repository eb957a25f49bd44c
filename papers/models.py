"""Council papers (OParl: Paper) with their Beratungsfolge, attachments, numbering scheme and status log."""

import string

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from actionplan.models import ActionPlan
from integration_portal import limits
from integration_portal.limits import LimitedTextField
from integration_portal.models import DistrictOwnedModel, DistrictQuerySet, history_records, user_link
from integration_portal.uploads import FileContentValidator

REFERENCE_FIELDS = {"year", "seq"}


def check_reference_pattern(pattern):
    """Refuse a numbering pattern that lacks the sequence number or uses unknown placeholders."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
        pattern.format(year=2025, seq=1)
    except (ValueError, IndexError, KeyError):
        names = None
    if names is None or not names <= REFERENCE_FIELDS:
        raise ValidationError(
            _("Use only the placeholders {year} and {seq}, e.g. “VO/{year}/{seq}” or “Drucksache {year}/{seq:04}”."),
            code="bad_pattern",
        )
    if "seq" not in names:
        raise ValidationError(
            _("The pattern needs the sequence number {seq}, otherwise two papers would get the same reference."),
            code="no_seq",
        )


class ReferenceScheme(DistrictOwnedModel):
    """How a district numbers its papers, e.g. “VO/{year}/{seq}”. One per district."""

    pattern = models.CharField(
        _("pattern"),
        max_length=100,
        validators=[check_reference_pattern],
        help_text=_("Placeholders: {year} and {seq}; {seq:04} pads to four digits. E.g. “VO/{year}/{seq}”."),
    )

    history = history_records()

    class Meta:
        verbose_name = _("numbering scheme")
        verbose_name_plural = _("numbering schemes")
        constraints = [models.UniqueConstraint(fields=["district"], name="reference_scheme_one_per_district")]

    def __str__(self):
        return self.pattern

    def format(self, *, year, seq):
        return self.pattern.format(year=year, seq=seq)


class ReferenceCounter(DistrictOwnedModel):
    """The last sequence number handed out per year. Only ever counts up, so numbers are never reused.

    KIT staff may set where a sequence continues (e.g. after an earlier system's papers); the history keeps
    who moved it.
    """

    scheme = models.ForeignKey(
        ReferenceScheme, on_delete=models.CASCADE, related_name="counters", verbose_name=_("numbering scheme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    history = history_records()

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="reference_counter_one_per_year")]

    def __str__(self):
        return f"{self.scheme} {self.year}: {self.last_number}"


class Committee(DistrictOwnedModel):
    """A council body (OParl: Organization): Ausschuss, Kreisausschuss, Kreistag."""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As printed in the Beratungsfolge, e.g. “Sozial- und Gesundheitsausschuss”."),
    )
    short_name = models.CharField(_("short name"), max_length=30, blank=True, help_text=_("E.g. “SoGA”."))
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="committee_unique_name_per_district")]

    def __str__(self):
        return self.name


def reads_district_papers(user) -> bool:
    """A paper reader (KIT, steering group, committee members) sees the non-public papers and meetings of their
    own district too."""
    return user.is_authenticated and user.has_perm("papers.view_councilpaper")


class CouncilPaperQuerySet(DistrictQuerySet):
    def visible_to(self, user):
        """Released public papers for everybody; every paper of their district for its readers."""
        published = Q(is_public=True, status__in=CouncilPaper.RELEASED_STATUSES)
        if reads_district_papers(user):
            return self.filter(published | Q(district_id=user.district_id))
        return self.filter(published)


class CouncilPaper(DistrictOwnedModel):
    """A Beschlussvorlage, Mitteilungsvorlage or Antrag. Its PDF is generated; released papers are frozen."""

    class PaperType(models.TextChoices):
        RESOLUTION = "resolution", _("resolution proposal")
        COMMUNICATION = "communication", _("information paper")
        MOTION = "motion", _("motion")
        INQUIRY = "inquiry", _("inquiry")
        REPORT = "report", _("report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CO_SIGNING = "co_signing", _("co-signing")
        RELEASED = "released", _("released")
        IN_CONSULTATION = "in_consultation", _("in consultation")
        DONE = "done", _("done")

    RELEASED_STATUSES = (Status.RELEASED, Status.IN_CONSULTATION, Status.DONE)

    reference = models.CharField(
        _("reference"),
        max_length=100,
        editable=False,
        help_text=_("Generated from the district's numbering scheme when the paper is created."),
    )
    paper_type = models.CharField(
        _("paper type"), max_length=20, choices=PaperType.choices, default=PaperType.RESOLUTION
    )
    title = models.CharField(_("subject"), max_length=500, help_text=_("The Betreff as printed on the paper."))
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Non-public papers are never shown to people outside the district.")
    )
    non_public_reason = LimitedTextField(
        _("reason for non-public treatment"),
        max_length=limits.SHORT_TEXT,
        blank=True,
        help_text=_("Required when the paper is not public."),
    )
    lead_unit = models.CharField(_("lead unit"), max_length=200, help_text=_("E.g. “FD 2.3 Zuwanderung”."))
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    editor = models.CharField(_("editor"), max_length=200, blank=True)
    proposed_resolution = LimitedTextField(
        _("proposed resolution"),
        max_length=limits.LONG_TEXT,
        blank=True,
        help_text=_("Separate paragraphs with a blank line."),
    )
    statement_of_facts = LimitedTextField(
        _("statement of facts"),
        max_length=limits.PAPER_TEXT,
        blank=True,
        help_text=_("Separate paragraphs with a blank line."),
    )
    climate_relevance = LimitedTextField(_("relevance for climate protection"), max_length=limits.TEXT, default="keine")

    # Financial effects, structured as in the districts' templates (Ja/Nein, Haushaltsplan, Produkt, Saldo, …).
    has_financial_effects = models.BooleanField(_("financial effects"), null=True, blank=True)
    in_budget = models.BooleanField(_("included in the budget"), null=True, blank=True)
    voluntary_task = models.BooleanField(_("voluntary task"), null=True, blank=True)
    product_number = models.CharField(_("product number"), max_length=50, blank=True)
    product_name = models.CharField(_("product name"), max_length=200, blank=True)
    income = models.DecimalField(_("income (€)"), max_digits=14, decimal_places=2, null=True, blank=True)
    expenses = models.DecimalField(_("expenses (€)"), max_digits=14, decimal_places=2, null=True, blank=True)
    payments_in = models.DecimalField(_("payments in (€)"), max_digits=14, decimal_places=2, null=True, blank=True)
    payments_out = models.DecimalField(_("payments out (€)"), max_digits=14, decimal_places=2, null=True, blank=True)
    deficit_coverage = LimitedTextField(
        _("deficit covered by"),
        max_length=limits.SHORT_TEXT,
        blank=True,
        help_text=_("Concrete savings or extra income covering a negative balance."),
    )
    affects_staff_plan = models.BooleanField(_("effect on the staff plan"), null=True, blank=True)
    extra_positions = models.CharField(
        _("additional positions"), max_length=200, blank=True, help_text=_("E.g. “0,5 VK, EG 9”.")
    )
    financial_notes = LimitedTextField(_("financial effects (text)"), max_length=limits.TEXT, blank=True)

    annex_plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_papers",
        verbose_name=_("action plan as annex"),
        help_text=_("Rendered as the paper's annex: the current plan while a draft, frozen once released."),
    )

    class AnnexContent(models.TextChoices):
        PLAN = "plan", _("the full plan")
        SYNOPSIS = "synopsis", _("the synopsis of the revision")
        BOTH = "both", _("the synopsis and the full plan")

    annex_content = models.CharField(
        _("annex content"),
        max_length=20,
        choices=AnnexContent.choices,
        default=AnnexContent.PLAN,
        help_text=_(
            "For a revision (Fortschreibung): the synopsis compares the plan with the version it revises, "
            "beside the full plan or instead of it."
        ),
    )
    annex_title = models.CharField(
        _("annex title"),
        max_length=300,
        blank=True,
        help_text=_("How the annex is listed under “Anlage/n”; empty: “Aktionsplan” and the plan's title."),
    )
    # The implementation report of a year as annex (a Mitteilungsvorlage); figures as of the reference date.
    annex_report_year = models.PositiveSmallIntegerField(
        _("implementation report of the year"),
        null=True,
        blank=True,
        help_text=_("Adds the steering group's implementation report of this year as annex."),
    )
    annex_report_as_of = models.DateField(
        _("reference date of the report"),
        null=True,
        blank=True,
        help_text=_("The report's figures are as of this date (Stichtag)."),
    )
    original = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("original paper"),
        help_text=_("For a follow-up paper (Ergänzungsvorlage): the paper it amends. Its reference gets “-R1”, …"),
    )

    released_pdf = models.FileField(_("released PDF"), upload_to="papers/released/", blank=True, editable=False)
    released_pdf_sha256 = models.CharField(_("SHA-256 of the released PDF"), max_length=64, blank=True, editable=False)

    objects = CouncilPaperQuerySet.as_manager()

    history = history_records()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("council paper")
        verbose_name_plural = _("council papers")
        constraints = [
            models.UniqueConstraint(fields=["district", "reference"], name="paper_unique_reference_per_district"),
            models.CheckConstraint(
                condition=Q(is_public=True) | ~Q(non_public_reason=""),
                name="paper_non_public_needs_reason",
                violation_error_message=_("Give the reason why the paper is not public."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("papers:paper_detail", kwargs={"slug": self.district.slug, "pk": self.pk})

    def get_pdf_url(self):
        return reverse("papers:paper_pdf", kwargs={"slug": self.district.slug, "pk": self.pk})

    @property
    def is_released(self):
        return self.status in self.RELEASED_STATUSES

    @property
    def pdf_filename(self):
        """“VO/2025/246” → “VO-2025-246.pdf”: a name every file system accepts."""
        safe = "".join(char if char.isalnum() or char in "-_." else "-" for char in self.reference)
        return f"{'-'.join(part for part in safe.split('-') if part) or 'Vorlage'}.pdf"

    @property
    def annex_has_plan(self):
        return self.annex_content != self.AnnexContent.SYNOPSIS

    @property
    def annex_has_synopsis(self):
        return self.annex_content != self.AnnexContent.PLAN

    @property
    def result_balance(self):
        if self.income is None and self.expenses is None:
            return None
        return (self.income or 0) - (self.expenses or 0)

    @property
    def payment_balance(self):
        if self.payments_in is None and self.payments_out is None:
            return None
        return (self.payments_in or 0) - (self.payments_out or 0)

    def clean(self):
        super().clean()
        errors = {}
        if not self.is_public and not self.non_public_reason.strip():
            errors["non_public_reason"] = ValidationError(
                _("Give the reason why the paper is not public."), code="reason_required"
            )
        if self.has_financial_effects is False and any(
            value is not None for value in (self.income, self.expenses, self.payments_in, self.payments_out)
        ):
            errors["has_financial_effects"] = ValidationError(
                _("Amounts are given, so the paper has financial effects: choose “Yes”."),
                code="amounts_without_effects",
            )
        if self.affects_staff_plan and not self.extra_positions.strip():
            errors["extra_positions"] = ValidationError(
                _("Name the additional positions, e.g. “0,5 VK, EG 9”."), code="positions_required"
            )
        if (self.annex_report_year is None) != (self.annex_report_as_of is None):
            errors["annex_report_as_of"] = ValidationError(
                _("Give both the year and the reference date of the implementation report, or neither."),
                code="report_year_and_date",
            )
        if self.annex_content != self.AnnexContent.PLAN and not (self.annex_plan and self.annex_plan.predecessor_id):
            errors["annex_content"] = ValidationError(
                _("A synopsis needs a revision as annex: choose a plan that revises an adopted version."),
                code="synopsis_needs_revision",
            )
        if self.original_id and self.pk and self.original_id == self.pk:
            errors["original"] = ValidationError(_("A paper cannot amend itself."), code="self_original")
        if errors:
            raise ValidationError(errors)


class Location(DistrictOwnedModel):
    """Where a committee meets (OParl: Location), e.g. “Kreishaus, Sitzungssaal”."""

    description = models.CharField(
        _("description"), max_length=300, help_text=_("As printed on the invitation, e.g. “Kreishaus, Sitzungssaal”.")
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)

    history = history_records()

    class Meta:
        ordering = ["description", "pk"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.description

    @property
    def address(self):
        """“Stettiner Straße 30, 25746 Heide”, leaving out what is not known."""
        town = " ".join(part for part in (self.postal_code, self.locality) if part)
        return ", ".join(part for part in (self.street_address, town) if part)


def meeting_file_path(instance, filename):
    return f"papers/meetings/{instance.district_id}/{filename}"


class MeetingQuerySet(DistrictQuerySet):
    def visible_to(self, user):
        """Public meetings for everybody; every meeting of their district for the district's paper readers."""
        if reads_district_papers(user):
            return self.filter(Q(is_public=True) | Q(district_id=user.district_id))
        return self.filter(is_public=True)


class Meeting(DistrictOwnedModel):
    """A session of a committee (OParl: Meeting, in ALLRIS and SessionNet “Sitzung”)."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        INVITED = "invited", _("invited")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    name = models.CharField(
        _("name"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “3. Sitzung des Kreistages”; empty: the committee's name."),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("location"),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Non-public meetings are never shown to people outside the district.")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PLANNED)
    invitation = models.FileField(
        _("invitation"),
        upload_to=meeting_file_path,
        blank=True,
        validators=[FileContentValidator()],
        help_text=_("The invitation with the agenda as sent out (Einladung), PDF up to 20 MB."),
    )
    minutes = models.FileField(
        _("minutes"),
        upload_to=meeting_file_path,
        blank=True,
        validators=[FileContentValidator()],
        help_text=_("The minutes of the meeting (Niederschrift), PDF up to 20 MB."),
    )

    objects = MeetingQuerySet.as_manager()

    history = history_records()

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must not end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.title}, {timezone.localtime(self.start):%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("papers:meeting_detail", kwargs={"slug": self.district.slug, "pk": self.pk})

    @property
    def title(self):
        return self.name or str(self.committee)

    @property
    def date(self):
        """The meeting's day in local time: the date of its decisions."""
        return timezone.localdate(self.start)


class AgendaItem(DistrictOwnedModel):
    """An item of a meeting's agenda (OParl: AgendaItem, “TOP”), e.g. “Ö 5” or “N 2.1”."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("As printed on the agenda, e.g. “Ö 5” or “N 2.1”.")
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    title = models.CharField(_("title"), max_length=500)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Non-public items are never shown to people outside the district.")
    )

    history = history_records()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return f"{self.number} {self.title}".strip()


class Consultation(DistrictOwnedModel):
    """One step of the Beratungsfolge (OParl: Consultation): a committee session that handles the paper."""

    class Role(models.TextChoices):
        PRELIMINARY = "preliminary", _("preliminary deliberation")
        DELIBERATION = "deliberation", _("deliberation")
        NOTICE = "notice", _("for information")
        DECISION = "decision", _("decision")

    class Outcome(models.TextChoices):
        UNCHANGED = "unchanged", _("adopted unchanged")
        AMENDED = "amended", _("adopted with changes")
        DEFERRED = "deferred", _("deferred")
        ADJOURNED = "adjourned", _("adjourned")
        NOTED = "noted", _("noted")
        REJECTED = "rejected", _("rejected")

    paper = models.ForeignKey(
        CouncilPaper, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("council paper")
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    date = models.DateField(_("date"))
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("committee")
    )
    role = models.CharField(
        pgettext_lazy("consultation", "role"), max_length=20, choices=Role.choices, default=Role.DELIBERATION
    )
    is_public = models.BooleanField(_("public"), default=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    votes_yes = models.PositiveIntegerField(_("yes votes"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("no votes"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("agenda item"),
        help_text=_(
            "Once the meeting exists: the item that handles the paper. Until then the date is the planned one."
        ),
    )
    amended_text = LimitedTextField(
        _("amended resolution"),
        max_length=limits.LONG_TEXT,
        blank=True,
        help_text=_("For “adopted with changes”: the resolution as adopted. Separate paragraphs with a blank line."),
    )
    extract_pdf = models.FileField(_("decision extract"), upload_to="papers/extracts/", blank=True, editable=False)

    history = history_records()

    class Meta:
        ordering = ["order", "date", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("order of consultation")

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.committee} ({self.get_role_display()})"

    ADOPTING_OUTCOMES = (Outcome.UNCHANGED, Outcome.AMENDED)

    def get_extract_url(self):
        return reverse(
            "papers:extract_pdf",
            kwargs={"slug": self.paper.district.slug, "pk": self.paper_id, "consultation_pk": self.pk},
        )

    @property
    def public_mark(self):
        return "Ö" if self.is_public else "N"

    @property
    def is_published(self):
        """Whether visitors may read the result: a public row, on a public item of a public meeting."""
        if not self.is_public:
            return False
        return self.agenda_item_id is None or (self.agenda_item.is_public and self.agenda_item.meeting.is_public)

    @property
    def is_authoritative(self):
        """The consultation that decides (OParl: authoritative): the role “Entscheidung”."""
        return self.role == self.Role.DECISION

    @property
    def meeting(self):
        return self.agenda_item.meeting if self.agenda_item_id else None

    @property
    def meeting_date(self):
        """The day of the meeting once it exists, else the planned date."""
        return self.meeting.date if self.agenda_item_id else self.date

    @property
    def has_votes(self):
        return any(value is not None for value in (self.votes_yes, self.votes_no, self.abstentions))

    @property
    def resolution_text(self):
        """What was resolved: the amended text for “adopted with changes”, else the proposed resolution."""
        if self.outcome == self.Outcome.AMENDED and self.amended_text.strip():
            return self.amended_text
        return self.paper.proposed_resolution

    def clean(self):
        super().clean()
        errors = {}
        if self.has_votes and not self.outcome:
            errors["outcome"] = ValidationError(
                _("Votes are given: choose the outcome too."), code="votes_without_outcome"
            )
        if self.outcome == self.Outcome.AMENDED and not self.amended_text.strip():
            errors["amended_text"] = ValidationError(
                _("Give the resolution as adopted with its changes."), code="amended_text_required"
            )
        if self.agenda_item_id and self.committee_id and self.agenda_item.meeting.committee_id != self.committee_id:
            errors["agenda_item"] = ValidationError(
                _("The agenda item belongs to a meeting of another committee."), code="other_committee"
            )
        if errors:
            raise ValidationError(errors)


def attachment_path(instance, filename):
    return f"papers/attachments/{instance.district_id}/{filename}"


class Attachment(DistrictOwnedModel):
    """An uploaded file listed under “Anlage/n” (OParl: File). Served only after a permission check."""

    paper = models.ForeignKey(
        CouncilPaper, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("council paper")
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=attachment_path,
        blank=True,
        validators=[FileContentValidator()],
        help_text=_("PDF, DOCX, XLSX, ODT, PNG or JPG up to 20 MB. Empty if the attachment is only listed."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    @property
    def download_name(self):
        extension = self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else "bin"
        return f"{self.paper.pdf_filename[:-4]}-Anlage-{self.order or self.pk}.{extension}"


class StatusChange(DistrictOwnedModel):
    """Who moved a paper from one status to the next, and when."""

    paper = models.ForeignKey(
        CouncilPaper, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("council paper")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=CouncilPaper.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=CouncilPaper.Status.choices)
    changed_by = user_link(_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    history = history_records()

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class PaperPdf(models.Model):
    """Where a paper's PDF stands: the content hash of the draft file that is current, and the latest job
    that renders (a draft) or freezes (a released paper) it. Kept apart from the paper, so a render never
    touches the paper's row, its history or its edit-conflict check."""

    paper = models.OneToOneField(
        CouncilPaper, on_delete=models.CASCADE, primary_key=True, related_name="pdf_state", verbose_name=_("paper")
    )
    draft_hash = models.CharField(
        _("content hash of the draft PDF"),
        max_length=64,
        blank=True,
        help_text=_("Names the draft's current file: a download is a lookup, not a render."),
    )
    job = models.ForeignKey(
        "integration_portal.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("latest PDF job"),
    )

    class Meta:
        verbose_name = _("state of a paper's PDF")
        verbose_name_plural = _("states of papers' PDFs")

    def __str__(self):
        return str(self.paper_id)
