from django.conf import settings
from django.http import HttpRequest

from .roles import is_coordinator, is_dcs_member, is_mentor


def site(request: HttpRequest) -> dict:
    """What every page's layout needs: the site's name and which role menus to show."""
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "is_coordinator": bool(user and is_coordinator(user)),
        "is_dcs_member": bool(user and is_dcs_member(user)),
        "is_mentor": bool(user and is_mentor(user)),
    }
