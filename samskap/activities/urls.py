from django.urls import path

from . import views, views_embed, views_feeds, views_manage

app_name = "activities"
urlpatterns = [
    # The public calendar and the activity page (views).
    path("", views.calendar, name="calendar"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    # Feeds (views_feeds): the calendar's selection as iCalendar and JSON; one activity as .ics.
    path("kalender.ics", views_feeds.feed_ics, name="feed_ics"),
    path("kalender.json", views_feeds.feed_json, name="feed_json"),
    path("<int:pk>/kalender.ics", views_feeds.activity_ics, name="activity_ics"),
    # Embedding on other websites (views_embed).
    path("innebygd/", views_embed.embed, name="embed"),
    path("innebygd.js", views_embed.embed_script, name="embed_script"),
    path("bygg-inn/", views_embed.embed_builder, name="embed_builder"),
    # Organisers and moderators (views_manage).
    path("mine/", views_manage.my_activities, name="mine"),
    path("ny/", views_manage.activity_create, name="create"),
    path("<int:pk>/rediger/", views_manage.activity_edit, name="edit"),
    path("<int:pk>/kopier/", views_manage.activity_copy, name="copy"),
    path("<int:pk>/publiser/", views_manage.activity_publish, name="publish"),
    path("<int:pk>/avlys/", views_manage.activity_cancel, name="cancel"),
    path("<int:pk>/skjul/", views_manage.activity_hide, name="hide"),
    path("<int:pk>/vis/", views_manage.activity_unhide, name="unhide"),
    path("<int:pk>/pamelding/", views_manage.activity_signup, name="signup"),
    path("<int:pk>/pameldte/", views_manage.activity_signups, name="signups"),
    path(
        "medarrangor/<int:pk>/",
        views_manage.co_organiser_decide,
        name="co_organiser_decide",
    ),
]
