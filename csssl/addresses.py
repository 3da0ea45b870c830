"""Full addresses of the site's pages, for links read away from the site: emails and PDFs.

A link in an email has no request to be relative to, so it carries ``SITE_URL``; its path
always comes from the URL configuration, never from a string typed out again, so a page that
moves takes its links with it.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *args, **kwargs) -> str:
    """The full address of the page named ``viewname`` (as ``reverse`` takes it, with its
    positional or keyword arguments) on this site."""
    return settings.SITE_URL + reverse(viewname, args=args or None, kwargs=kwargs or None)
