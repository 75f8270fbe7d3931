from .models import Notification


def unread_notifications(request):
    """The bell's unread count on every page (one indexed COUNT)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notification_count": 0}
    return {"unread_notification_count": Notification.objects.visible_to(user).unread().count()}
