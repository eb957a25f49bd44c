from django.urls import path

from . import views

app_name = "steering"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("measures/", views.MeasureListView.as_view(), name="measure_list"),
    path("measures/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("measures/export.pdf", views.export_pdf, name="export_pdf"),
    path("measures/<int:pk>/", views.MeasureDetailView.as_view(), name="measure_detail"),
    path("measures/<int:pk>/history/", views.MeasureHistoryView.as_view(), name="measure_history"),
    path("measures/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("measures/<int:pk>/selections/", views.selection_create, name="selection_create"),
    path("comments/<int:pk>/edit/", views.comment_update, name="comment_update"),
    path("selections/<int:pk>/delete/", views.selection_delete, name="selection_delete"),
    path("indicators/<int:pk>/check/", views.indicator_check, name="indicator_check"),
    path("report/", views.ImplementationReportView.as_view(), name="report"),
    path("report/report.pdf", views.report_pdf, name="report_pdf"),
    path("report/paper/", views.report_paper_create, name="report_paper_create"),
]
