"""The forms of a rendered page, read from its HTML, and hypothesis strategies for their fields."""

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser

from hypothesis import strategies as st

HUGE = "99999999999999999999"
NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "' OR 1=1 --",
    '"><svg onload=alert(1)>',
    '=HYPERLINK("http://evil")',
    "１３８１２３４５６７８",
    "١٢٣",
    "²①",
    "\u202e\ufeff\u200b",
    "𠀀𪚥🙂",
    "x" * 5001,
    "长" * 20001,
    HUGE,
    "-1",
    "0",
    "NaN",
    "1e20",
]
NASTY_NUMBERS = [HUGE, "-" + HUGE, "-1", "0", "1e20", "1.5", "NaN", "inf", "１２", "٣", "²", "", " ", "9" * 400]
NASTY_DATES = [
    "0001-01-01",
    "0001-01-02",
    "9999-12-31",
    "1899-12-31",
    "2099-12-31",
    "2026-02-30",
    "2026-13-01",
    "26-8-3",
    "２０２６-０８-０３",
    "",
    "tomorrow",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
]
NASTY_CHOICES = [HUGE, "0", "-1", "abc", "", "1.5", "\x00", "１"]


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, number, date, datetime, select, checkbox, radio, hidden, file, password
    value: str = ""
    options: list = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: dict = field(default_factory=dict)  # name -> Field

    @property
    def signature(self):
        return (self.method, self.action, tuple(sorted(self.fields)))


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(method=a.get("method", "get").lower(), action=a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name") and a.get("name") != "csrfmiddlewaretoken":
            kind = a.get("type", "text").lower()
            kind = {"datetime-local": "datetime", "email": "text", "tel": "text", "search": "text", "url": "text"}.get(
                kind, kind
            )
            if kind in ("submit", "button", "image", "reset"):
                return
            existing = self._form.fields.get(a["name"])
            if existing and kind in ("checkbox", "radio"):
                existing.options.append(a.get("value", "on"))
                existing.multiple = existing.multiple or kind == "checkbox"
                return
            self._form.fields[a["name"]] = Field(a["name"], kind, a.get("value", ""), [a.get("value", "on")])
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            self._form.fields[a["name"]] = self._select
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._form.fields[a["name"]] = Field(a["name"], "textarea")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def _text():
    return st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=40), st.text(alphabet="0123456789-", max_size=25))


def _date(kind):
    day = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
    iso = day.map(lambda d: d.isoformat() + ("T08:30" if kind == "datetime" else ""))
    return st.one_of(st.sampled_from(NASTY_DATES), st.sampled_from(NASTY_DATES), iso, _text())


def _choice(f: Field):
    valid = [o for o in f.options if o]
    pool = (
        st.sampled_from(NASTY_CHOICES)
        if not valid
        else st.one_of(st.sampled_from(valid), st.sampled_from(NASTY_CHOICES))
    )
    if f.multiple:
        return st.lists(pool, max_size=4)
    return pool


def hostile(f: Field):
    """Hostile values of the field's kind (None leaves the field out)."""
    if f.kind == "file":
        return st.none()
    if f.kind == "number":
        return st.one_of(
            st.sampled_from(NASTY_NUMBERS), st.integers(min_value=-(10**25), max_value=10**25).map(str), st.none()
        )
    if f.kind in ("date", "datetime"):
        return st.one_of(_date(f.kind), st.none())
    if f.kind in ("select", "radio") or (f.kind == "checkbox" and f.multiple):
        return st.one_of(_choice(f), st.none())
    if f.kind == "checkbox":
        return st.sampled_from([None, "on", f.value or "on", HUGE])
    return st.one_of(_text(), st.none())  # text, textarea, hidden, password


def kept(f: Field):
    """The value the page rendered (a multi-select: its first option)."""
    if f.kind == "file":
        return None
    if f.multiple:
        return [o for o in f.options[:1] if o]
    if f.kind in ("select", "radio"):
        return f.value or next((o for o in f.options if o), "")
    if f.kind == "checkbox":
        return None
    return f.value


def form_data(draw, form: Form) -> dict:
    """The form as rendered, with one to three of its fields given hostile values.

    Changing every field at once would mostly test the first error the form
    reports: one bad choice makes a filter form invalid, and the bad date next
    to it is never parsed into a query.
    """
    names = [name for name, f in form.fields.items() if f.kind != "file"]
    data = {name: kept(form.fields[name]) for name in names}
    if names:
        chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=min(3, len(names)), unique=True))
        for name in chosen:
            data[name] = draw(hostile(form.fields[name]))
    return {k: v for k, v in data.items() if v is not None}
