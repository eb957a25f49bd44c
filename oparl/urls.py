from django.urls import path

from . import views

app_name = "oparl"

LISTS = ["organization", "person", "meeting", "paper", "agendaitem", "consultation", "file", "location"]

urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="body_list"),
    path("body/<slug:slug>/", views.body, name="body"),
    *[
        path(f"body/<slug:slug>/{kind}/", views.body_objects, {"kind": kind}, name=f"{kind}_list")
        for kind in [*LISTS, "legislativeterm"]
    ],
    path("paper/<int:pk>/", views.paper, name="paper"),
    path("consultation/<int:pk>/", views.consultation, name="consultation"),
    path("organization/<int:pk>/", views.organization, name="organization"),
    path("organization/<int:pk>/meeting/", views.organization_meetings, name="organization_meetings"),
    path("organization/<int:pk>/consultation/", views.organization_consultations, name="organization_consultations"),
    path("meeting/<int:pk>/", views.meeting, name="meeting"),
    path("agendaitem/<int:pk>/", views.agenda_item, name="agendaitem"),
    path("location/<int:pk>/", views.location, name="location"),
    path("file/<str:key>/", views.file, name="file"),
    path("person/<slug:slug>/<str:key>/", views.person, name="person"),
]
