from django.urls import path

from . import views

app_name = "calendar"

urlpatterns = [
    path("events.ics", views.all_events, name="all"),
    path("groups/<slug:slug>.ics", views.group_events, name="group"),
    path("kinds/<slug:kind>.ics", views.kind_events, name="kind"),
    path("tags/<slug:slug>.ics", views.tag_events, name="tag"),
    path("events/<id:pk>.ics", views.single_event, name="event"),
    path("me/<str:token>.ics", views.personal_events, name="personal"),
    path("me/", views.feed_settings, name="settings"),
    path("me/regenerate/", views.regenerate, name="regenerate"),
    path("groups/<slug:slug>/follow/", views.follow, name="follow"),
    path("groups/<slug:slug>/unfollow/", views.unfollow, name="unfollow"),
]
