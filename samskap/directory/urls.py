from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("ny/", views.organisation_create, name="create"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/rediger/", views.organisation_edit, name="edit"),
    path("<slug:slug>/bli-medlem/", views.organisation_join, name="join"),
    path("<slug:slug>/medlemmer/", views.organisation_members, name="members"),
]

# --- sync from the registers and import run reports (views_register) -----------------------
# Put before the profile patterns: "registeret" would otherwise be taken for a profile's slug.
from . import views_register  # noqa: E402

urlpatterns = [
    path("registeret/", views_register.register_runs, name="register_runs"),
    path("registeret/<int:pk>/", views_register.register_run, name="register_run"),
    *urlpatterns,
]
