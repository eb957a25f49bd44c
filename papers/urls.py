from django.urls import path

from . import views

app_name = "papers"

urlpatterns = [
    path("districts/<slug:slug>/papers/", views.PaperListView.as_view(), name="paper_list"),
    path("districts/<slug:slug>/papers/<int:pk>/", views.PaperDetailView.as_view(), name="paper_detail"),
    path("districts/<slug:slug>/papers/<int:pk>/pdf/", views.paper_pdf, name="paper_pdf"),
    path(
        "districts/<slug:slug>/papers/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "districts/<slug:slug>/papers/<int:pk>/extracts/<int:consultation_pk>/",
        views.extract_pdf,
        name="extract_pdf",
    ),
    path("districts/<slug:slug>/meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("districts/<slug:slug>/meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "districts/<slug:slug>/meetings/<int:pk>/<str:kind>/",
        views.meeting_file,
        name="meeting_file",
    ),
]
