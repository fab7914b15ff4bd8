"""Read the forms of a page as a browser would submit them (no JavaScript): fields, defaults, options."""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SKIP_TYPES = {"submit", "button", "image", "reset", "file"}


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    value: str = ""
    options: list = field(default_factory=list)  # select options / radio or checkbox values
    checked: list = field(default_factory=list)  # selected values (select, radio, checkbox)
    required: bool = False
    id: str = ""


@dataclass
class Form:
    action: str
    method: str
    fields: dict = field(default_factory=dict)
    buttons: list = field(default_factory=list)  # (name, value) of named submit buttons

    def data(self, **overrides):
        """What submitting the form unchanged sends, with `overrides` (name -> value or list) applied."""
        out = {}
        for f in self.fields.values():
            if f.kind in ("checkbox", "radio", "select", "select-multiple"):
                values = list(f.checked)
                if f.kind == "select" and not values and f.options:
                    values = [f.options[0]]
            else:
                values = [f.value]
            if values:
                out[f.name] = values
        for name, value in overrides.items():
            out[name] = value if isinstance(value, list) else [value]
        return out


class _Parser(HTMLParser):
    def __init__(self, base_url):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.forms = []
        self.form = None
        self.select = None
        self.option = None
        self.textarea = None
        self.in_script = False
        self.script_text = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "script":
            self.in_script = True
        if tag == "form":
            action = urljoin(self.base_url, a.get("action") or self.base_url)
            self.form = Form(
                action=urlsplit(action)._replace(scheme="", netloc="").geturl(), method=a.get("method", "get").lower()
            )
            self.forms.append(self.form)
        if self.form is None:
            return
        name = a.get("name")
        if "w-block" in a.get("data-controller", "").split() and a.get("id"):
            # A Wagtail StreamField is drawn by JavaScript from its JSON; without it the form says "no blocks".
            self.form.fields[f"{a['id']}-count"] = Field(f"{a['id']}-count", "hidden", "0")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in SKIP_TYPES:
                if kind == "submit" and name:
                    self.form.buttons.append((name, a.get("value", "")))
                return
            if not name:
                return
            if kind in ("checkbox", "radio"):
                f = self.form.fields.setdefault(name, Field(name, kind))
                value = a.get("value", "on")
                f.options.append(value)
                if "checked" in a:
                    f.checked.append(value)
                f.required = f.required or "required" in a
            else:
                self.form.fields[name] = Field(
                    name, kind, a.get("value", ""), required="required" in a, id=a.get("id", "")
                )
        elif tag == "button" and name and a.get("type", "submit").lower() == "submit":
            self.form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            kind = "select-multiple" if "multiple" in a else "select"
            self.select = self.form.fields[name] = Field(name, kind, required="required" in a)
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea" and name:
            self.textarea = self.form.fields[name] = Field(name, "textarea", required="required" in a)

    def handle_data(self, data):
        if self.in_script:
            self.script_text.append(data)
        elif self.option is not None:
            self.option["text"] += data
        elif self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
        if tag == "option" and self.option is not None:
            self._close_option()
        elif tag == "select":
            if self.option is not None:
                self._close_option()
            self.select = None
        elif tag == "textarea":
            if self.textarea is not None and self.textarea.value.startswith("\n"):
                self.textarea.value = self.textarea.value[1:]
            self.textarea = None
        elif tag == "form":
            self.form = None

    def _close_option(self):
        option, self.option = self.option, None
        value = option["value"] if option["value"] is not None else option["text"].strip()
        self.select.options.append(value)
        if option["selected"]:
            self.select.checked.append(value)


# Wagtail's admin turns text inputs into date pickers with an inline script naming the input's id.
PICKER = re.compile(r"init(Date|DateTime|Time)Chooser\(\s*(\"(?:[^\"\\\\]|\\\\.)*\")")
PICKER_KINDS = {"Date": "date", "DateTime": "datetime-local", "Time": "time"}


def forms_in(html, base_url="/"):
    parser = _Parser(base_url)
    parser.feed(html)
    pickers = {}
    for m in PICKER.finditer("".join(parser.script_text)):
        pickers[json.loads(m.group(2))] = PICKER_KINDS[m.group(1)]
    for form in parser.forms:
        for f in form.fields.values():
            if f.id in pickers:
                f.kind = pickers[f.id]
    return parser.forms


def post_forms_in(html, base_url="/"):
    return [f for f in forms_in(html, base_url) if f.method == "post"]
