from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("personvern/", views.privacy, name="privacy"),
]
