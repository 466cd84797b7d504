from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    # Fixed names before "<slug>": an event slugged "feed" or "past" could not shadow them
    # (Event.save() also keeps these slugs free).
    path("feed.ics", views.events_ics_feed, name="events_ics"),
    path("feed.atom", views.NewEventsAtomFeed(), name="feed_atom"),
    path("feed.rss", views.NewEventsFeed(), name="feed_rss"),
    path("past/<int:year>/", views.past_events, name="past_events"),
    path("calendar/", views.event_calendar, name="calendar"),
    path("calendar/<int:year>/<int:month>/", views.event_calendar, name="calendar_month"),
    path("<slug:slug>.ics", views.event_ics, name="event_ics"),
    path("<slug:slug>/", views.event_detail, name="event_detail"),
]
