from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("beteiligung/dokumente/<int:pk>/", views.document_download, name="document_download"),
    path(
        "beteiligung/umfragen/<int:pk>/auswertung/",
        views.SurveyEvaluationView.as_view(),
        name="survey_evaluation",
    ),
    path(
        "beteiligung/umfragen/<int:pk>/auswertung.<str:file_format>",
        views.survey_export,
        name="survey_export",
    ),
    path("beteiligung/umfragen/<int:pk>/befund/", views.survey_finding, name="survey_finding"),
    path("beteiligung/<slug:slug>/<int:pk>/", views.ProcessDetailView.as_view(), name="process_detail"),
    path(
        "beteiligung/<slug:slug>/<int:pk>/nachverfolgung/",
        views.TraceabilityView.as_view(),
        name="traceability",
    ),
    path("umfrage/<int:pk>/", views.survey_start, name="survey_start"),
    path("umfrage/<str:language>/<int:pk>/", views.survey_answer, name="survey"),
    path("umfrage/<str:language>/<int:pk>/danke/", views.survey_thanks, name="survey_thanks"),
]
