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
