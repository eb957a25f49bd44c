from django.urls import path

from . import views

app_name = "actionplan"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("districts/<slug:slug>/", views.DistrictDetailView.as_view(), name="district_detail"),
    path("districts/<slug:slug>/plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("districts/<slug:slug>/plans/<int:pk>/synopsis/", views.SynopsisView.as_view(), name="plan_synopsis"),
    path("districts/<slug:slug>/plans/<int:pk>/synopsis/pdf/", views.synopsis_pdf, name="plan_synopsis_pdf"),
]
