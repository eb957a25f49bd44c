"""Pages of participation: the public process page, the staff reports, and the anonymous survey."""

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView

from integration_portal import kept_pages
from integration_portal.caching import mark_private, mark_public
from integration_portal.http import found_or_404
from integration_portal.scoping import scope
from integration_portal.uploads import serve_file

from . import jobs, selectors, services
from .languages import BASE_LANGUAGE, BY_CODE, SURVEY_LANGUAGES
from .models import FormatDocument, Survey, SurveyAnswer
from .survey import SurveyForm, rate_limited, submit_response


class ProcessDetailView(TemplateView):
    """“Was bisher geschah”: the formats of a process as a timeline with their results, and the open survey."""

    template_name = "participation/process_detail.html"

    def get_context_data(self, **kwargs):
        process = found_or_404(
            selectors.process_detail(user=self.request.user, district_slug=self.kwargs["slug"], pk=self.kwargs["pk"])
        )
        return super().get_context_data(process=process, **kwargs)


class TraceabilityView(LoginRequiredMixin, TemplateView):
    """For KIT staff and the steering group: every finding with its measures or its reason."""

    template_name = "participation/traceability.html"

    def get_context_data(self, **kwargs):
        report = found_or_404(
            selectors.traceability(user=self.request.user, district_slug=self.kwargs["slug"], pk=self.kwargs["pk"])
        )
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
    services.document_download_record(document=document, user=request.user)
    response = serve_file(document.file, document.download_name)
    return mark_public(response) if public else mark_private(response)


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
    survey = found_or_404(selectors.survey_for_answering(pk=pk))
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
            if kept_pages.is_kept_for(request):
                return _kept_survey_page(request, language, survey)
            form = SurveyForm(survey=survey, language=language.code)
    return _survey_page(request, language, survey, form, limited)


def _survey_page(request, language, survey, form, limited=False, **context):
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
            **context,
        },
        status=429 if limited else 200,
    )


def _kept_survey_page(request, language, survey):
    """The empty form, the same for every visitor: kept as long as the survey's tree, with this request's token."""
    key = selectors.survey_page_keys(survey.pk)[language.code]
    content = cache.get(key)
    if content is None:
        form = SurveyForm(survey=survey, language=language.code)
        content = _survey_page(request, language, survey, form, csrf_token=kept_pages.CSRF_PLACEHOLDER).content
        cache.set(key, content, selectors.SURVEY_CACHE_SECONDS)
    response = HttpResponse(kept_pages.with_csrf_token(request, content))
    response["Content-Language"] = language.html_lang
    return response


def survey_thanks(request, language, pk):
    language = _survey_language(language)
    survey = get_object_or_404(Survey.objects.select_related("district", "process"), pk=pk)
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
        survey = found_or_404(selectors.survey_for_staff(user=self.request.user, pk=self.kwargs["pk"]))
        language = self.request.GET.get("language") or None
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
    survey = found_or_404(selectors.survey_for_staff(user=request.user, pk=pk))
    language = request.GET.get("language") or None
    if language and language not in BY_CODE:
        raise Http404
    # The evaluation of a large survey takes a while: a job computes it and offers the file on its page.
    return jobs.export_enqueue(request=request, survey=survey, language=language, file_format=file_format)


@require_POST
def survey_finding(request, pk):
    """Turn a free-text answer or a question's result into a finding, then edit it in the admin."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("participation:survey_evaluation", kwargs={"pk": pk}))
    if not request.user.has_perm("participation.add_finding"):
        raise PermissionDenied
    survey = found_or_404(selectors.survey_for_staff(user=request.user, pk=pk))
    if not (request.POST.get("answer") or request.POST.get("question")):
        return HttpResponseBadRequest()
    try:
        finding = services.finding_from_evaluation(
            survey=survey,
            user=request.user,
            answer_id=uuid.UUID(request.POST["answer"]) if request.POST.get("answer") else None,
            question_id=int(request.POST["question"]) if not request.POST.get("answer") else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("participation:survey_evaluation", pk=survey.pk)
    except (ValueError, services.NotInEvaluation, SurveyAnswer.DoesNotExist) as error:
        raise Http404 from error
    messages.success(request, _("The finding was created. Assign it to fields of action and measures here."))
    return redirect("admin:participation_finding_change", finding.pk)


# Addresses of earlier versions ------------------------------------------------------------------

LEGACY_PARAMETERS = {"sprache": "language"}


def legacy_redirect(request, to, **kwargs):
    """The English address of a German one, with its query (parameters renamed).

    301 for reading; 308 for a post (an answer sent from a survey page opened before the change), so
    that the browser sends the answer again to the new address instead of dropping it.
    """
    query = request.GET.copy()
    for old, new in LEGACY_PARAMETERS.items():
        if old in query:
            query.setlist(new, query.pop(old))
    url = reverse(to, kwargs=kwargs)
    if query:
        url = f"{url}?{query.urlencode()}"
    response = HttpResponsePermanentRedirect(url)
    if request.method not in ("GET", "HEAD"):
        response.status_code = 308
    return response
