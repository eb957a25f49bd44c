"""Reading participation data: what a user may see, with a fixed number of queries."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.models import ActionPlan, Measure
from integration_portal.models import District, User
from integration_portal.scoping import scope

from .languages import BY_CODE, SURVEY_LANGUAGES, in_language
from .models import (
    Finding,
    Format,
    FormatDocument,
    ParticipationProcess,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
)

# A breakdown of fewer answers than this could point to a person: it is not shown.
MIN_GROUP_SIZE = 5


def can_read_internal(user: User) -> bool:
    """KIT staff and the steering group read reports and evaluations of their district."""
    return user.is_authenticated and user.has_perm("participation.view_finding")


def visible_processes(user: User) -> QuerySet[ParticipationProcess]:
    """Public processes for everybody; the district's own users see its non-public ones too."""
    queryset = ParticipationProcess.objects.all()
    if user.is_authenticated:
        return queryset.filter(Q(is_public=True) | Q(pk__in=scope(ParticipationProcess.objects.all(), user)))
    return queryset.filter(is_public=True)


def _measures() -> QuerySet[Measure]:
    return Measure.objects.select_related("challenge__field__plan__district", "challenge__field__parent")


def _readable_measures(user: User) -> QuerySet[Measure]:
    """Measures of plans the user may read: adopted ones for everybody, drafts for their district's users."""
    return _measures().filter(challenge__field__plan__in=ActionPlan.objects.visible_to(user))


def process_detail(*, user: User, district_slug: str, pk: int) -> ParticipationProcess | None:
    """The public page “Was bisher geschah”: formats in date order with findings, documents and surveys.

    Six queries whatever the size: process, formats, findings, their measures, public documents, surveys.
    A finding names only measures of plans the user may read: nothing of a draft in public.
    """
    documents = FormatDocument.objects.filter(is_public=True)
    if can_read_internal(user):
        # Internal documents for the district's own staff only, never for another district's.
        documents = FormatDocument.objects.filter(
            Q(is_public=True) | Q(pk__in=scope(FormatDocument.objects.all(), user))
        )
    findings = Finding.objects.prefetch_related(Prefetch("measures", queryset=_readable_measures(user)))
    formats = Format.objects.select_related("organiser").prefetch_related(
        Prefetch("findings", queryset=findings), Prefetch("documents", queryset=documents)
    )
    queryset = (
        visible_processes(user)
        .select_related("district", "concept")
        .prefetch_related(Prefetch("formats", queryset=formats), Prefetch("surveys", queryset=Survey.objects.all()))
    )
    process = queryset.filter(district__slug=district_slug, pk=pk).first()
    if process is None:
        return None
    today = timezone.localdate()
    process.open_surveys = [survey for survey in process.surveys.all() if survey.is_open(today)]
    process.shows_reports = can_read_internal(user) and process.district_id == user.district_id
    return process


def process_list(*, user: User, district: District) -> QuerySet[ParticipationProcess]:
    return visible_processes(user).filter(district=district).select_related("concept")


@dataclass
class TraceGroup:
    label: str
    findings: list = field(default_factory=list)
    field_id: int | None = None  # for a group of a field of action: show the measures of that field

    @property
    def rows(self):
        """(finding, measures to show): in a field's group the finding's measures of that field, if any."""
        rows = []
        for finding in self.findings:
            measures = list(finding.measures.all())
            if self.field_id is not None:
                in_field = [m for m in measures if self.field_id in (m.challenge.field_id, m.challenge.field.parent_id)]
                measures = in_field or measures
            rows.append((finding, measures))
        return rows

    @property
    def taken_up(self):
        return sum(1 for finding in self.findings if finding.is_taken_up)

    @property
    def share(self):
        return round(100 * self.taken_up / len(self.findings)) if self.findings else 0


def traceability(*, user: User, district_slug: str, pk: int) -> dict | None:
    """Every finding of the process with its measures or its reason, by field of action and by format.

    Five queries: process, formats, findings with their fields of action and measures.
    """
    if not can_read_internal(user):
        return None
    findings = Finding.objects.prefetch_related(
        Prefetch("measures", queryset=_measures()), "fields_of_action__parent"
    ).order_by("order", "pk")
    formats = Format.objects.prefetch_related(Prefetch("findings", queryset=findings))
    queryset = (
        scope(ParticipationProcess.objects.all(), user)
        .select_related("district", "concept")
        .prefetch_related(Prefetch("formats", queryset=formats))
    )
    process = queryset.filter(district__slug=district_slug, pk=pk).first()
    if process is None:
        return None
    by_format, by_field, all_findings = [], {}, []
    without_field = TraceGroup(label="")
    for format_ in process.formats.all():
        group = TraceGroup(label=format_.title)
        for finding in format_.findings.all():
            finding.is_taken_up = bool(finding.measures.all())
            group.findings.append(finding)
            all_findings.append(finding)
            fields = list(finding.fields_of_action.all())
            for field_of_action in fields:
                by_field.setdefault(
                    field_of_action.pk,
                    (field_of_action, TraceGroup(label=field_of_action.full_name, field_id=field_of_action.pk)),
                )
                by_field[field_of_action.pk][1].findings.append(finding)
            if not fields:
                without_field.findings.append(finding)
        by_format.append((format_, group))
    field_groups = [group for _field, group in sorted(by_field.values(), key=lambda item: (item[0].order, item[0].pk))]
    measures = {}
    for finding in all_findings:
        for measure in finding.measures.all():
            measures.setdefault(measure.pk, (measure, []))[1].append(finding)
    return {
        "process": process,
        "total": TraceGroup(label="", findings=all_findings),
        "by_format": by_format,
        "by_field": field_groups,
        "without_field": without_field,
        "measures": list(measures.values()),
    }


def findings_by_measure(*, user: User, measure_ids: Iterable[int]) -> dict[int, list[Finding]]:
    """{measure id: [findings that measure answers]} in two queries, for one measure or a whole plan.

    Findings of public processes are shown to everybody, the others to the district's own users.
    Each finding comes with its format (and process) for the label in `includes/measure_findings.html`.
    """
    through = Finding.measures.through
    visible = visible_processes(user).values("pk")
    links = (
        through.objects.filter(measure_id__in=list(measure_ids), finding__format__process__in=visible)
        .select_related("finding__format__process__district")
        .order_by("finding__format__start", "finding__order", "finding__pk")
    )
    result = defaultdict(list)
    for link in links:
        result[link.measure_id].append(link.finding)
    return dict(result)


SURVEY_CACHE_SECONDS = 60


def survey_cache_key(pk: int) -> str:
    return f"participation:survey:{pk}"


def survey_page_keys(pk: int) -> dict[str, str]:
    """{language code: key of the survey's empty form as kept for visitors}, dropped with the survey."""
    return {language.code: f"participation:survey-page:{pk}:{language.code}" for language in SURVEY_LANGUAGES}


def survey_tree() -> list[Prefetch]:
    """The prefetch of a survey's sections with their questions and their options, in order."""
    questions = SurveyQuestion.objects.prefetch_related("options")
    return Prefetch(
        "sections", queryset=SurveySection.objects.prefetch_related(Prefetch("questions", queryset=questions))
    )


def survey_for_answering(*, pk: int) -> Survey | None:
    """An open survey with sections, questions and options. 404 when closed or unknown.

    Every submission needs the whole survey, so the tree is kept in the cache: four queries on a miss,
    none on a hit. Saving or deleting any part of a survey drops it from the cache (signals.py); a
    minute's expiry covers changes that bypass signals, such as bulk reordering.
    """
    survey = cache.get(survey_cache_key(pk))
    if survey is None:
        survey = Survey.objects.select_related("district").prefetch_related(survey_tree()).filter(pk=pk).first()
        if survey is None:
            return None
        cache.set(survey_cache_key(pk), survey, SURVEY_CACHE_SECONDS)
    if not survey.is_open(timezone.localdate()):
        return None
    return survey


def survey_for_staff(*, user: User, pk: int) -> Survey | None:
    if not can_read_internal(user):
        return None
    queryset = (
        scope(Survey.objects.all(), user)
        .select_related("district", "process", "format")
        .prefetch_related(survey_tree())
    )
    return queryset.filter(pk=pk).first()


@dataclass
class ResultRow:
    label: str
    count: int
    share: int  # percent of the question's respondents
    option_id: int | None = None
    scale_value: int | None = None


@dataclass
class QuestionResult:
    question: object
    respondents: int
    rows: list = field(default_factory=list)
    texts: list = field(default_factory=list)  # (answer id, text)

    @property
    def hidden(self):
        return self.respondents < MIN_GROUP_SIZE

    @property
    def label(self):
        return in_language(self.question.text, "de")


def survey_evaluation(*, survey: Survey, language: str | None = None) -> dict:
    """Counts and shares per question, the free texts, and the response count per language.

    Four queries besides the survey: responses per language, respondents per question, counts per
    option or value, and the free texts. A question answered by fewer than MIN_GROUP_SIZE people in
    the chosen group is marked hidden and carries no figures or texts.
    """
    responses = SurveyResponse.objects.filter(survey=survey)
    per_language = Counter(dict(responses.values_list("language").annotate(n=Count("id")).values_list("language", "n")))
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    if language:
        answers = answers.filter(response__language=language)
    respondents = dict(
        answers.values("question_id").annotate(n=Count("response_id", distinct=True)).values_list("question_id", "n")
    )
    # (option, scale value) → count; (None, None) are texts: free text or “other”.
    counts = defaultdict(Counter)
    for question_id, option_id, scale_value, number in (
        answers.values("question_id", "option_id", "scale_value")
        .annotate(n=Count("id"))
        .values_list("question_id", "option_id", "scale_value", "n")
    ):
        counts[question_id][(option_id, scale_value)] += number
    texts = defaultdict(list)
    for answer_id, question_id, text in (
        answers.filter(option__isnull=True, scale_value__isnull=True)
        .exclude(text="")
        .values_list("id", "question_id", "text")
    ):
        texts[question_id].append((answer_id, text))

    results = []
    for section in survey.sections.all():
        for question in section.questions.all():
            result = QuestionResult(question=question, respondents=respondents.get(question.pk, 0))
            if not result.hidden:
                _fill_rows(result, question, counts[question.pk])
                result.texts = texts.get(question.pk, [])
            results.append((section, result))
    total = sum(per_language.values())
    selected = per_language.get(language, 0) if language else total
    languages = [
        (lang, per_language.get(lang.code, 0) if per_language.get(lang.code, 0) >= MIN_GROUP_SIZE else None)
        for lang in SURVEY_LANGUAGES
    ]
    return {
        "results": results,
        "total": total,
        "selected": selected,
        "selected_hidden": selected < MIN_GROUP_SIZE,
        "languages": languages,
        "language": BY_CODE.get(language),
    }


def _fill_rows(result: QuestionResult, question: SurveyQuestion, counts: Counter) -> None:
    def share(number):
        return round(100 * number / result.respondents) if result.respondents else 0

    if question.kind == SurveyQuestion.Kind.SCALE:
        for value in question.scale_values:
            number = counts.get((None, value), 0)
            result.rows.append(ResultRow(label=str(value), count=number, share=share(number), scale_value=value))
    elif question.is_choice:
        for option in question.options.all():
            number = counts.get((option.pk, None), 0)
            result.rows.append(
                ResultRow(label=in_language(option.text, "de"), count=number, share=share(number), option_id=option.pk)
            )
        if question.allow_other:
            number = counts.get((None, None), 0)
            result.rows.append(ResultRow(label=str(_("Other")), count=number, share=share(number)))
