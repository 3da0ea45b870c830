"""A visitor to the site as it stands in production: behind the TLS-terminating proxy the README
asks for, under the host name ``ALLOWED_HOSTS`` names.

Each request goes to gunicorn's own address, with the ``Host`` header of the public name and the
``X-Forwarded-Proto: https`` the proxy adds, so Django sees the request the public sees (its
HTTPS redirect, secure cookies, CSRF origin check). Cookies are kept as a browser on the public
``https://`` address would keep them; forms are read from the page, CSRF token and all, and
posted back with the browser's ``Origin``; redirects to the public address are followed.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit


@dataclass
class Response:
    url: str
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    history: list[Response] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class FormReader(HTMLParser):
    """Every ``<form>`` of a page: its action, method and the values it would send untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": values.get("action", ""),
                    "method": values.get("method", "get").lower(),
                    "fields": {},
                }
            )
        elif tag in ("input", "textarea", "select") and self.forms and "name" in values:
            kind = values.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in values:
                return
            if kind not in ("submit", "button", "image", "file"):
                self.forms[-1]["fields"][values["name"]] = values.get("value", "")


class Visit:
    def __init__(self, address: tuple[str, int], public_url: str) -> None:
        self.address = address
        self.public = urlsplit(public_url)
        self.cookies: dict[str, str] = {}

    def url(self, path: str) -> str:
        return urljoin(f"{self.public.scheme}://{self.public.netloc}/", path)

    def request(
        self, method: str, url: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        target = urlsplit(self.url(url))
        if target.netloc != self.public.netloc:
            raise ValueError(f"{url} is not on {self.public.netloc}")
        sent = {
            "Host": self.public.netloc,
            "X-Forwarded-Proto": self.public.scheme,
            "Accept": "text/html,*/*",
            "User-Agent": "prod-check",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        sent.update(headers or {})
        connection = http.client.HTTPConnection(*self.address, timeout=30)
        try:
            path = target.path + (f"?{target.query}" if target.query else "")
            connection.request(method, path or "/", body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(target.geturl(), answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def follow(self, response: Response, limit: int = 10) -> Response:
        history = []
        while response.status in (301, 302, 303, 307, 308) and len(history) < limit:
            history.append(response)
            response = self.request("GET", urljoin(response.url, response.headers["Location"]))
        response.history = history
        return response

    def get(self, path: str) -> Response:
        return self.follow(self.request("GET", path))

    def submit(self, page: Response, values: dict[str, str], *, action: str = "") -> Response:
        """Fill in and post the page's form (the first whose action holds ``action``, among the
        forms that post), then follow where it leads."""
        reader = FormReader()
        reader.feed(page.text)
        forms = [f for f in reader.forms if f["method"] == "post" and action in f["action"]]
        if not forms:
            raise ValueError(f"{page.url} has no form posting to {action or 'anywhere'}")
        form = forms[0]
        target = urljoin(page.url, form["action"] or page.url)
        origin = f"{self.public.scheme}://{self.public.netloc}"
        response = self.request(
            "POST",
            target,
            body=urlencode(form["fields"] | values).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": page.url,
            },
        )
        return self.follow(response)
