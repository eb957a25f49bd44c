"""Factories for participation: processes, formats, findings, and surveys with every kind of question."""

import datetime
import io

import factory
from django.utils import timezone
from pypdf import PdfWriter

from participation import models
from participation.languages import LANGUAGE_CODES

from ..factories import (
    DistrictOwnedFactory,
    IntegrationConceptFactory,
    numbered,
    ordered_factory,
    owned_factory,
    same_district,
)


def every_language(german, prefix=None):
    """A translated text with a distinct text per language: “[ar] Frage” etc., German as given."""
    return {code: german if code == "de" else f"[{prefix or code}] {german}" for code in LANGUAGE_CODES}


ParticipationProcessFactory = owned_factory(
    models.ParticipationProcess, concept=same_district(IntegrationConceptFactory), title=numbered("Beteiligungsprozess")
)


class FormatFactory(DistrictOwnedFactory):
    class Meta:
        model = models.Format

    process = same_district(ParticipationProcessFactory)
    kind = models.Format.Kind.CONFERENCE
    title = numbered("Format")
    start = datetime.date(2025, 3, 25)


FindingFactory = ordered_factory(models.Finding, format=same_district(FormatFactory), text=numbered("Forderung"))


def blank_pdf():
    """A real one-page PDF, as a PDF reader opens it."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class FormatDocumentFactory(DistrictOwnedFactory):
    class Meta:
        model = models.FormatDocument

    format = same_district(FormatFactory)
    title = "Protokoll"
    file = factory.django.FileField(filename="protokoll.pdf", data=factory.LazyFunction(lambda: blank_pdf()))


class SurveyFactory(DistrictOwnedFactory):
    class Meta:
        model = models.Survey

    process = same_district(ParticipationProcessFactory)
    title = factory.LazyFunction(lambda: every_language("Umfrage zur Integration"))
    introduction = factory.LazyFunction(lambda: every_language("Ihre Meinung ist gefragt."))
    thank_you = factory.LazyFunction(lambda: every_language("Danke für Ihre Zeit."))
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))


# The survey's tree: sections, their questions (free text unless given a kind) and the questions' options.
SurveySectionFactory = ordered_factory(
    models.SurveySection,
    survey=same_district(SurveyFactory),
    title=factory.LazyFunction(lambda: every_language("Über Sie")),
)
SurveyQuestionFactory = ordered_factory(
    models.SurveyQuestion,
    section=same_district(SurveySectionFactory),
    kind=models.SurveyQuestion.Kind.TEXT,
    text=factory.Sequence(lambda n: every_language(f"Frage {n}")),
)
SurveyOptionFactory = ordered_factory(
    models.SurveyOption,
    question=same_district(SurveyQuestionFactory),
    text=factory.Sequence(lambda n: every_language(f"Antwort {n}")),
)


def survey_question(section, kind, text, *, options=(), **fields):
    """A question of `kind` in `section`, with its answer options in the order given."""
    asked = SurveyQuestionFactory(
        district=section.district, section=section, kind=kind, text=every_language(text), **fields
    )
    for order, option in enumerate(options):
        SurveyOptionFactory(district=section.district, question=asked, text=every_language(option), order=order)
    return asked


def build_survey(district, **kwargs):
    """A survey with one question of each kind in two sections: {"survey": …, "single": question, …}."""
    kind = models.SurveyQuestion.Kind
    survey = SurveyFactory(district=district, **kwargs)
    first = SurveySectionFactory(district=district, survey=survey, title=every_language("Über Sie"))
    second = SurveySectionFactory(district=district, survey=survey, title=every_language("Ihre Wünsche"))
    years = ["weniger als 1 Jahr", "1 bis 5 Jahre", "mehr als 5 Jahre"]
    offers = ["Sprachkurs", "Beratung", "Sportverein"]
    return {
        "survey": survey,
        "single": survey_question(
            first,
            kind.SINGLE,
            "Wie lange leben Sie schon im Kreis?",
            options=years,
            required=True,
            allow_other=True,
        ),
        "multiple": survey_question(
            first,
            kind.MULTIPLE,
            "Welche Angebote nutzen Sie?",
            options=offers,
            allow_other=True,
        ),
        "scale": survey_question(
            second,
            kind.SCALE,
            "Wie gut fühlen Sie sich informiert?",
            required=True,
            scale_min_label=every_language("gar nicht"),
            scale_max_label=every_language("sehr gut"),
        ),
        "text": survey_question(second, kind.TEXT, "Was wünschen Sie sich?"),
    }


def build_public_survey(district):
    """build_survey's survey, run as the public survey format of its process: findings can come from it."""
    parts = build_survey(district)
    survey = parts["survey"]
    survey.format = FormatFactory(district=district, process=survey.process, kind=models.Format.Kind.PUBLIC_SURVEY)
    survey.save()
    return parts


def one_of_each_participation(district, *, measure, field):
    """One object of every participation model with an admin, linked like real data (see one_of_each)."""
    process = ParticipationProcessFactory(district=district, concept=IntegrationConceptFactory(district=district))
    format_ = FormatFactory(district=district, process=process, kind=models.Format.Kind.PUBLIC_SURVEY)
    finding = FindingFactory(district=district, format=format_)
    finding.measures.add(measure)
    finding.fields_of_action.add(field)
    built = build_survey(district, process=process, format=format_)
    question = built["single"]
    document = FormatDocumentFactory(district=district, format=format_)
    return [process, format_, finding, document, built["survey"], question.section, question, question.options.first()]


def respond(parts, *, language="de", single=0, multiple=(), scale=3, text="", other=""):
    """A stored response to a survey from build_survey, as the submission would store it."""
    response = models.SurveyResponse.objects.create(
        survey=parts["survey"], language=language, submitted_on=timezone.localdate()
    )
    answers = [
        models.SurveyAnswer(response=response, question=parts["single"], option=parts["single"].options.all()[single]),
        models.SurveyAnswer(response=response, question=parts["scale"], scale_value=scale),
    ]
    answers += [
        models.SurveyAnswer(response=response, question=parts["multiple"], option=parts["multiple"].options.all()[i])
        for i in multiple
    ]
    if other:
        answers.append(models.SurveyAnswer(response=response, question=parts["multiple"], text=other))
    if text:
        answers.append(models.SurveyAnswer(response=response, question=parts["text"], text=text))
    models.SurveyAnswer.objects.bulk_create(answers)
    return response
