"""Pages of participation: the public process page, the staff reports, and the anonymous survey."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView

from integration_portal.audit import log_event
from integration_portal.scoping import scope
from integration_portal.spreadsheets import csv_response, xlsx_response
from integration_portal.uploads import serve_file

from . import selectors, services
from .languages import BASE_LANGUAGE, BY_CODE, SURVEY_LANGUAGES, in_language
from .models import FormatDocument, Survey, SurveyAnswer
from .survey import SurveyForm, rate_limited, submit_response


class ProcessDetailView(TemplateView):
    """“Was bisher geschah”: the formats of a process as a timeline with their results, and the open survey."""

    template_name = "participation/process_detail.html"

    def get_context_data(self, **kwargs):
        process = selectors.process_detail(
            user=self.request.user, district_slug=self.kwargs["slug"], pk=self.kwargs["pk"]
        )
        return super().get_context_data(
            process=process, can_read_internal=selectors.can_read_internal(self.request.user), **kwargs
        )


class TraceabilityView(LoginRequiredMixin, TemplateView):
    """For KIT staff and the steering group: every finding with its measures or its reason."""

    template_name = "participation/traceability.html"

    def get_context_data(self, **kwargs):
        report = selectors.traceability(user=self.request.user, district_slug=self.kwargs["slug"], pk=self.kwargs["pk"])
        return super().get_context_data(**report, **kwargs)


def document_download(request, pk):
    """A documentation file: public files of visible processes for everybody, the rest for the district's staff."""
    document = get_object_or_404(FormatDocument.objects.select_related("format__process"), pk=pk)
    public = (
        document.is_public and selectors.visible_processes(request.user).filter(pk=document.format.process_id).exists()
    )
    internal = (
        selectors.can_read_internal(request.user)
        and scope(FormatDocument.objects.all(), request.user).filter(pk=pk).exists()
    )
    if not (public or internal):
        raise Http404
    log_event("participation_document_download", user=request.user, document=document.pk)
    return serve_file(document.file, document.download_name)


# The public survey. Its language comes from the URL and is switched on for this page only: the rest
# of the site stays German whatever the browser asks for. It sets no cookie but the CSRF cookie.


def _survey_language(code):
    language = BY_CODE.get(code)
    if language is None:
        raise Http404
    return language


def _render_survey_page(request, template, language, context, status=200):
    with translation.override(language.code):
        response = render(
            request,
            template,
            {
                "language": language,
                "languages": SURVEY_LANGUAGES,
                **context,
            },
            status=status,
        )
    response["Content-Language"] = language.html_lang
    return response


def survey_start(request, pk):
    return redirect("participation:survey", language=BASE_LANGUAGE, pk=pk)


@transaction.non_atomic_requests  # submit_response() is the one transaction; reading needs none
@require_http_methods(["GET", "POST"])
def survey_answer(request, language, pk):
    language = _survey_language(language)
    survey = selectors.survey_for_answering(pk=pk)
    limited = False
    with translation.override(language.code):
        if request.method == "POST":
            form = SurveyForm(request.POST, survey=survey, language=language.code)
            if form.is_bot:
                return redirect("participation:survey_thanks", language=language.code, pk=survey.pk)
            limited = rate_limited(request)
            if not limited and form.is_valid():
                submit_response(form=form)
                return redirect("participation:survey_thanks", language=language.code, pk=survey.pk)
        else:
            form = SurveyForm(survey=survey, language=language.code)
    return _render_survey_page(
        request,
        "participation/survey/survey_form.html",
        language,
        {
            "survey": survey,
            "form": form,
            "rate_limited": limited,
            # The error summary, and the page title that starts with the number of errors.
            "invalid_questions": [] if limited or not form.is_bound else form.invalid_questions(),
            "page_url_name": "participation:survey",
        },
        status=429 if limited else 200,
    )


def survey_thanks(request, language, pk):
    language = _survey_language(language)
    survey = get_object_or_404(Survey.objects.select_related("district"), pk=pk)
    return _render_survey_page(
        request,
        "participation/survey/survey_thanks.html",
        language,
        {"survey": survey, "page_url_name": "participation:survey_thanks"},
    )


# Evaluation for KIT staff and the steering group.


class SurveyEvaluationView(LoginRequiredMixin, TemplateView):
    template_name = "participation/evaluation.html"

    def get_context_data(self, **kwargs):
        survey = selectors.survey_for_staff(user=self.request.user, pk=self.kwargs["pk"])
        language = self.request.GET.get("sprache") or None
        if language and language not in BY_CODE:
            raise Http404
        evaluation = selectors.survey_evaluation(survey=survey, language=language)
        return super().get_context_data(
            survey=survey,
            may_add_findings=self.request.user.has_perm("participation.add_finding"),
            **evaluation,
            **kwargs,
        )


def survey_export(request, pk, file_format):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if file_format not in ("csv", "xlsx"):
        raise Http404
    survey = selectors.survey_for_staff(user=request.user, pk=pk)
    language = request.GET.get("sprache") or None
    if language and language not in BY_CODE:
        raise Http404
    evaluation = selectors.survey_evaluation(survey=survey, language=language)
    header = [_("Section"), _("Question"), _("Answer"), _("Count"), _("Share (%)"), _("Respondents")]
    rows = []
    for section, result in evaluation["results"]:
        section_title = in_language(section.title, BASE_LANGUAGE)
        if result.hidden:
            rows.append([section_title, result.label, _("fewer than 5 answers: not shown"), "", "", ""])
            continue
        for row in result.rows:
            rows.append([section_title, result.label, row.label, row.count, row.share, result.respondents])
        for _answer_id, text in result.texts:
            rows.append([section_title, result.label, text, "", "", result.respondents])
    log_event("survey_export", user=request.user, survey=survey.pk, format=file_format, language=language or "all")
    name = f"umfrage-{survey.pk}{'-' + language if language else ''}"
    if file_format == "xlsx":
        return xlsx_response(f"{name}.xlsx", header, rows, title=_("Evaluation"))
    return csv_response(f"{name}.csv", header, rows)


@require_POST
def survey_finding(request, pk):
    """Turn a free-text answer or a question's result into a finding, then edit it in the admin."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("participation:survey_evaluation", kwargs={"pk": pk}))
    if not request.user.has_perm("participation.add_finding"):
        raise PermissionDenied
    survey = selectors.survey_for_staff(user=request.user, pk=pk)
    # Only what the evaluation shows can become a finding: no answer of a group of fewer than 5.
    shown = [result for _section, result in selectors.survey_evaluation(survey=survey)["results"] if not result.hidden]
    try:
        if request.POST.get("answer"):
            answer_id = int(request.POST["answer"])
            if not any(answer_id == shown_id for result in shown for shown_id, _text in result.texts):
                raise Http404
            finding = services.finding_from_answer(survey=survey, answer_id=answer_id, user=request.user)
        elif request.POST.get("question"):
            result = next((r for r in shown if str(r.question.pk) == request.POST["question"] and r.rows), None)
            if result is None:
                raise Http404
            finding = services.finding_from_result(
                survey=survey,
                question=result.question,
                rows=result.rows,
                respondents=result.respondents,
                user=request.user,
            )
        else:
            return HttpResponseBadRequest()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("participation:survey_evaluation", pk=survey.pk)
    except (ValueError, SurveyAnswer.DoesNotExist) as error:
        raise Http404 from error
    messages.success(request, _("The finding was created. Assign it to fields of action and measures here."))
    return redirect("admin:participation_finding_change", finding.pk)
