from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("participation/documents/<int:pk>/", views.document_download, name="document_download"),
    path(
        "participation/surveys/<int:pk>/evaluation/",
        views.SurveyEvaluationView.as_view(),
        name="survey_evaluation",
    ),
    path(
        "participation/surveys/<int:pk>/evaluation.<str:file_format>",
        views.survey_export,
        name="survey_export",
    ),
    path("participation/surveys/<int:pk>/finding/", views.survey_finding, name="survey_finding"),
    path("participation/<slug:slug>/<int:pk>/", views.ProcessDetailView.as_view(), name="process_detail"),
    path(
        "participation/<slug:slug>/<int:pk>/traceability/",
        views.TraceabilityView.as_view(),
        name="traceability",
    ),
    path("survey/<int:pk>/", views.survey_start, name="survey_start"),
    path("survey/<str:language>/<int:pk>/", views.survey_answer, name="survey"),
    path("survey/<str:language>/<int:pk>/thanks/", views.survey_thanks, name="survey_thanks"),
]

# The German addresses of earlier versions answer with a permanent redirect to the English ones.
LEGACY_ROUTES = [
    ("beteiligung/dokumente/<int:pk>/", "document_download"),
    ("beteiligung/umfragen/<int:pk>/auswertung/", "survey_evaluation"),
    ("beteiligung/umfragen/<int:pk>/auswertung.<str:file_format>", "survey_export"),
    ("beteiligung/umfragen/<int:pk>/befund/", "survey_finding"),
    ("beteiligung/<slug:slug>/<int:pk>/", "process_detail"),
    ("beteiligung/<slug:slug>/<int:pk>/nachverfolgung/", "traceability"),
    ("umfrage/<int:pk>/", "survey_start"),
    ("umfrage/<str:language>/<int:pk>/", "survey"),
    ("umfrage/<str:language>/<int:pk>/danke/", "survey_thanks"),
]
urlpatterns += [
    path(route, views.legacy_redirect, {"to": f"{app_name}:{name}"}, name=f"legacy_{name}")
    for route, name in LEGACY_ROUTES
]
