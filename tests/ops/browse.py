"""A small HTTP client for the two-server tests: sign in, read a form as a browser would submit it."""

import re
from html.parser import HTMLParser

import requests

PASSWORD = "dundian-demo"


class FormReader(HTMLParser):
    """The fields of the first form whose action matches, with the values a browser would send."""

    def __init__(self, match):
        super().__init__()
        self.match = match
        self.inside = False
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self._select = None
        self._select_values: list[str] = []
        self._first_option = None
        self._textarea = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if not self.found and a.get("method", "get").lower() == "post" and self.match(a):
                self.inside = self.found = True
            return
        if not self.inside:
            return
        name = a.get("name")
        if name and "__prefix__" in name:  # a <template> row: a browser never submits it
            return
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in {"file", "submit", "button", "image"}:
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._select_values, self._first_option = name, [], None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None and value:
                self._first_option = value
            if "selected" in a:
                self._select_values.append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            for value in self._select_values:
                self.fields.append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None


def form_fields(html: str, match=lambda attrs: True) -> list[tuple[str, str]]:
    """The fields of the first POST form whose attributes satisfy ``match``."""
    reader = FormReader(match)
    reader.feed(html)
    assert reader.found, "no such POST form on the page"
    return reader.fields


def sign_in(base_url: str, username: str, session: requests.Session | None = None) -> requests.Session:
    session = session or requests.Session()
    page = session.get(f"{base_url}/accounts/login/", timeout=30)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, f"no sign-in form at {base_url} ({page.status_code}): {page.text[:500]}"
    token = found.group(1)
    response = session.post(
        f"{base_url}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, f"sign-in of {username} failed: {response.status_code}"
    return session
