"""Reading the dashboard as a user sees it: parsed HTML, text of marked elements."""

import lxml.html
from django.urls import reverse


def get_page(client, user, name="dashboard:index", **params):
    """The page as a browser shows it: sections loaded after it (htmx, hx-trigger="load") swapped in."""
    client.force_login(user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200, response.status_code
    doc = lxml.html.fromstring(response.content.decode())
    for hook in doc.xpath('//*[@hx-get][@hx-trigger="load"]'):
        loaded = client.get(hook.get("hx-get"), headers={"HX-Request": "true"})
        assert loaded.status_code == 200, (hook.get("hx-get"), loaded.status_code)
        html = loaded.content.decode().strip()
        parts = lxml.html.fragments_fromstring(html) if html else []
        parent = hook.getparent()
        at = parent.index(hook)
        parent.remove(hook)
        for offset, part in enumerate(p for p in parts if not isinstance(p, str)):
            parent.insert(at + offset, part)
    return doc


def text(node):
    """The visible text, with one space between elements (cells) and none doubled."""
    return " ".join(" ".join(node.itertext()).split())


def one(doc, xpath):
    found = doc.xpath(xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} matches"
    return found[0]


def by_testid(doc, name):
    return one(doc, f'//*[@data-testid="{name}"]')


def cell(row, col):
    return text(one(row, f'.//*[@data-col="{col}"]'))


def link_of(node):
    """The href of the single link inside ``node``."""
    return one(node, ".//a").get("href")
