from django.urls import path

from .views import follows, organizer, participant

app_name = "events"

# The Stripe webhook is not here: it has one address whatever the language (convene/urls.py).
urlpatterns = [
    path("registrations/<id:occurrence_id>/register/", participant.register_view, name="register"),
    path("me/", participant.me_view, name="me"),
    path("me/registrations/<id:pk>/cancel/", participant.cancel_view, name="cancel"),
    path("me/registrations/<id:pk>/pay/", participant.pay_view, name="pay"),
    path("me/registrations/<id:pk>/ticket/", participant.ticket_view, name="ticket"),
    path(
        "me/registrations/changed/<str:token>/cancel/",
        participant.cancel_after_change_view,
        name="cancel_after_change",
    ),
    path("follows/stop/<str:token>/", follows.stop_follow_emails, name="follow_emails_stop"),
    path("follows/<slug:slug>/emails/", follows.follow_emails_switch, name="follow_emails"),
    path("payments/<id:pk>/success/", participant.payment_success_view, name="payment_success"),
    path("payments/<id:pk>/cancelled/", participant.payment_cancelled_view, name="payment_cancelled"),
    path("organize/", organizer.organize_home, name="organize_home"),
    path("organize/events/<id:pk>/", organizer.event_overview, name="organize_event"),
    path("organize/events/<id:pk>/cancel/", organizer.cancel_event_view, name="organize_cancel_event"),
    path("organize/events/<id:pk>/discounts/", organizer.discount_codes, name="organize_discounts"),
    path("organize/discounts/<id:pk>/off/", organizer.discount_code_off, name="organize_discount_off"),
    path("organize/dates/<id:pk>/", organizer.attendees, name="organize_attendees"),
    path("organize/dates/<id:pk>/attendees.csv", organizer.attendees_csv, name="organize_csv"),
    path("organize/dates/<id:pk>/check-in/", organizer.check_in_page, name="organize_check_in"),
    path("organize/dates/<id:pk>/capacity/", organizer.capacity_view, name="organize_capacity"),
    path("organize/dates/<id:pk>/email/", organizer.email_view, name="organize_email"),
    path("organize/emails/<id:pk>/", organizer.email_progress, name="organize_email_progress"),
    path("organize/emails/<id:pk>/cancel/", organizer.cancel_message_view, name="organize_email_cancel"),
    path("organize/registrations/<id:pk>/cancel/", organizer.cancel_registration_view, name="organize_cancel"),
]
