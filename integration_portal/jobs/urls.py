from django.urls import path

from . import views

urlpatterns = [
    path("jobs/<uuid:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<uuid:pk>/result/", views.job_result, name="job_result"),
]
