from django.urls import path

from . import views, views_groups, views_host, views_live, views_registration, views_report

app_name = "arenas"
urlpatterns = [
    # Arenas: the public list and page, and creating and editing them (views).
    path("", views.arena_list, name="list"),
    path("mine/", views.my_arenas, name="mine"),
    path("ny/", views.arena_create, name="create"),
    path("<int:pk>/", views.arena_detail, name="detail"),
    path("<int:pk>/rediger/", views.arena_edit, name="edit"),
    path("<int:pk>/publiser/", views.arena_publish, name="publish"),
    path("<int:pk>/avlys/", views.arena_cancel, name="cancel"),
    path("<int:pk>/kalender.ics", views.arena_ics, name="ics"),
    # Registration and the personal page behind the signed link (views_registration).
    path("<int:pk>/pamelding/", views_registration.register, name="register"),
    path(
        "<int:pk>/pamelding/aktorer/",
        views_registration.organisation_suggestions,
        name="organisation_suggestions",
    ),
    path("<int:pk>/meg/<str:token>/", views_registration.personal, name="personal"),
    path(
        "<int:pk>/meg/<str:token>/endre/",
        views_registration.registration_change,
        name="registration_change",
    ),
    path(
        "<int:pk>/meg/<str:token>/avmeld/",
        views_registration.registration_cancel,
        name="registration_cancel",
    ),
    # Hosts: participants, attendance, export, messages, invitations (views_host).
    path("<int:pk>/deltakere/", views_host.participants, name="participants"),
    path("<int:pk>/deltakere.csv", views_host.participants_csv, name="participants_csv"),
    path(
        "<int:pk>/deltakere/<int:registration_pk>/oppmote/",
        views_host.attendance,
        name="attendance",
    ),
    path(
        "<int:pk>/deltakere/<int:registration_pk>/avmeld/",
        views_host.host_cancel_registration,
        name="host_cancel_registration",
    ),
    path("<int:pk>/melding/", views_host.message, name="message"),
    path("<int:pk>/inviter/", views_host.invite, name="invite"),
    # Breakout groups (views_groups).
    path("<int:pk>/grupper/", views_groups.groups, name="groups"),
    path("<int:pk>/grupper/flytt/", views_groups.group_move, name="group_move"),
    path("<int:pk>/grupper/lenker/", views_groups.group_links, name="group_links"),
    path("<int:pk>/grupper/publiser/", views_groups.groups_publish, name="groups_publish"),
    path("<int:pk>/grupper/utskrift/", views_groups.groups_print, name="groups_print"),
    # The live wall (views_live).
    path("bli-med/", views_live.join_code, name="join_code"),
    path("<int:pk>/bli-med/", views_live.join, name="join"),
    path("<int:pk>/vegg/", views_live.wall, name="wall"),
    path("<int:pk>/vegg/<int:contribution_pk>/stott/", views_live.vote, name="vote"),
    path("<int:pk>/vegg/styr/", views_live.wall_control, name="wall_control"),
    path(
        "<int:pk>/vegg/<int:contribution_pk>/moderer/",
        views_live.contribution_moderate,
        name="contribution_moderate",
    ),
    path("<int:pk>/vegg/eksport.csv", views_live.wall_csv, name="wall_csv"),
    # The report (views_report).
    path("<int:pk>/rapport/", views_report.report, name="report"),
    path("<int:pk>/rapport.csv", views_report.report_csv, name="report_csv"),
    path("<int:pk>/rapport.pdf", views_report.report_pdf, name="report_pdf"),
]
