"""Factories for participation: processes, formats, findings, and surveys with every kind of question."""

import datetime
import io

import factory
from django.utils import timezone
from pypdf import PdfWriter

from participation.languages import LANGUAGE_CODES
from participation.models import (
    Finding,
    Format,
    FormatDocument,
    ParticipationProcess,
    Survey,
    SurveyOption,
    SurveyQuestion,
    SurveySection,
)

from ..factories import DistrictOwnedFactory, IntegrationConceptFactory


def every_language(german, prefix=None):
    """A translated text with a distinct text per language: “[ar] Frage” etc., German as given."""
    return {code: german if code == "de" else f"[{prefix or code}] {german}" for code in LANGUAGE_CODES}


class ParticipationProcessFactory(DistrictOwnedFactory):
    class Meta:
        model = ParticipationProcess

    concept = factory.SubFactory(IntegrationConceptFactory, district=factory.SelfAttribute("..district"))
    title = factory.Sequence(lambda n: f"Beteiligungsprozess {n}")


class FormatFactory(DistrictOwnedFactory):
    class Meta:
        model = Format

    process = factory.SubFactory(ParticipationProcessFactory, district=factory.SelfAttribute("..district"))
    kind = Format.Kind.CONFERENCE
    title = factory.Sequence(lambda n: f"Format {n}")
    start = datetime.date(2025, 3, 25)


class FindingFactory(DistrictOwnedFactory):
    class Meta:
        model = Finding

    format = factory.SubFactory(FormatFactory, district=factory.SelfAttribute("..district"))
    text = factory.Sequence(lambda n: f"Forderung {n}")
    order = factory.Sequence(lambda n: n)


def blank_pdf():
    """A real one-page PDF, as a PDF reader opens it."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class FormatDocumentFactory(DistrictOwnedFactory):
    class Meta:
        model = FormatDocument

    format = factory.SubFactory(FormatFactory, district=factory.SelfAttribute("..district"))
    title = "Protokoll"
    file = factory.django.FileField(filename="protokoll.pdf", data=factory.LazyFunction(lambda: blank_pdf()))


class SurveyFactory(DistrictOwnedFactory):
    class Meta:
        model = Survey

    process = factory.SubFactory(ParticipationProcessFactory, district=factory.SelfAttribute("..district"))
    title = factory.LazyFunction(lambda: every_language("Umfrage zur Integration"))
    introduction = factory.LazyFunction(lambda: every_language("Ihre Meinung ist gefragt."))
    thank_you = factory.LazyFunction(lambda: every_language("Danke für Ihre Zeit."))
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))


class SurveySectionFactory(DistrictOwnedFactory):
    class Meta:
        model = SurveySection

    survey = factory.SubFactory(SurveyFactory, district=factory.SelfAttribute("..district"))
    title = factory.LazyFunction(lambda: every_language("Über Sie"))
    order = factory.Sequence(lambda n: n)


class SurveyQuestionFactory(DistrictOwnedFactory):
    class Meta:
        model = SurveyQuestion

    section = factory.SubFactory(SurveySectionFactory, district=factory.SelfAttribute("..district"))
    kind = SurveyQuestion.Kind.TEXT
    text = factory.Sequence(lambda n: every_language(f"Frage {n}"))
    order = factory.Sequence(lambda n: n)


class SurveyOptionFactory(DistrictOwnedFactory):
    class Meta:
        model = SurveyOption

    question = factory.SubFactory(SurveyQuestionFactory, district=factory.SelfAttribute("..district"))
    text = factory.Sequence(lambda n: every_language(f"Antwort {n}"))
    order = factory.Sequence(lambda n: n)


def build_survey(district, **kwargs):
    """A survey with one question of each kind in two sections: {"survey": …, "single": question, …}."""
    survey = SurveyFactory(district=district, **kwargs)
    first = SurveySectionFactory(district=district, survey=survey, title=every_language("Über Sie"))
    second = SurveySectionFactory(district=district, survey=survey, title=every_language("Ihre Wünsche"))
    single = SurveyQuestionFactory(
        district=district,
        section=first,
        kind=SurveyQuestion.Kind.SINGLE,
        required=True,
        allow_other=True,
        text=every_language("Wie lange leben Sie schon im Kreis?"),
    )
    for order, text in enumerate(["weniger als 1 Jahr", "1 bis 5 Jahre", "mehr als 5 Jahre"]):
        SurveyOptionFactory(district=district, question=single, text=every_language(text), order=order)
    multiple = SurveyQuestionFactory(
        district=district,
        section=first,
        kind=SurveyQuestion.Kind.MULTIPLE,
        allow_other=True,
        text=every_language("Welche Angebote nutzen Sie?"),
    )
    for order, text in enumerate(["Sprachkurs", "Beratung", "Sportverein"]):
        SurveyOptionFactory(district=district, question=multiple, text=every_language(text), order=order)
    scale = SurveyQuestionFactory(
        district=district,
        section=second,
        kind=SurveyQuestion.Kind.SCALE,
        required=True,
        text=every_language("Wie gut fühlen Sie sich informiert?"),
        scale_min_label=every_language("gar nicht"),
        scale_max_label=every_language("sehr gut"),
    )
    text = SurveyQuestionFactory(
        district=district,
        section=second,
        kind=SurveyQuestion.Kind.TEXT,
        text=every_language("Was wünschen Sie sich?"),
    )
    return {"survey": survey, "single": single, "multiple": multiple, "scale": scale, "text": text}


def one_of_each_participation(district, *, measure, field):
    """One object of every participation model with an admin, linked like real data (see one_of_each)."""
    process = ParticipationProcessFactory(district=district, concept=IntegrationConceptFactory(district=district))
    format_ = FormatFactory(district=district, process=process, kind=Format.Kind.PUBLIC_SURVEY)
    finding = FindingFactory(district=district, format=format_)
    finding.measures.add(measure)
    finding.fields_of_action.add(field)
    built = build_survey(district, process=process, format=format_)
    question = built["single"]
    document = FormatDocumentFactory(district=district, format=format_)
    return [process, format_, finding, document, built["survey"], question.section, question, question.options.first()]


def respond(parts, *, language="de", single=0, multiple=(), scale=3, text="", other=""):
    """A stored response to a survey from build_survey, as the submission would store it."""
    from participation.models import SurveyAnswer, SurveyResponse

    response = SurveyResponse.objects.create(
        survey=parts["survey"], language=language, submitted_on=timezone.localdate()
    )
    answers = [
        SurveyAnswer(response=response, question=parts["single"], option=parts["single"].options.all()[single]),
        SurveyAnswer(response=response, question=parts["scale"], scale_value=scale),
    ]
    answers += [
        SurveyAnswer(response=response, question=parts["multiple"], option=parts["multiple"].options.all()[i])
        for i in multiple
    ]
    if other:
        answers.append(SurveyAnswer(response=response, question=parts["multiple"], text=other))
    if text:
        answers.append(SurveyAnswer(response=response, question=parts["text"], text=text))
    SurveyAnswer.objects.bulk_create(answers)
    return response
