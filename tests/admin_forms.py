"""POST data for admin change forms, as the browser would send it."""

from html.parser import HTMLParser

INLINE_PREFIXES = ["indicators", "responsibilities", "progress_reports"]


def measure_form_data(measure, **fields):
    """The measure's change form with unchanged fields and no inline rows, updated with `fields`."""
    data = {"challenge": measure.challenge_id, "text": measure.text, "status": measure.status}
    for prefix in INLINE_PREFIXES:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(fields)
    return data


class _FormFields(HTMLParser):
    """The name/value pairs a browser would submit from the form with the given id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data = []
        # Every value a radio button or checkbox offers, by name: what a user could tick.
        self.options = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # Without an id: the page's own POST form, not the logout button of the header.
            own_form = attrs.get("method") == "post" and "logout" not in attrs.get("action", "")
            self.in_form = attrs.get("id") == self.form_id if self.form_id else own_form
        if not self.in_form:
            return
        # Inline templates for new rows (name "…-__prefix__-…") are copied by JavaScript, never submitted.
        if tag in ("input", "textarea", "select") and "__prefix__" in attrs.get("name", "__prefix__"):
            return
        if tag == "input" and attrs.get("type") in ("checkbox", "radio"):
            self.options.setdefault(attrs["name"], []).append(attrs.get("value", "on"))
        if tag == "input" and attrs.get("type", "text") not in ("submit", "button", "file", "image", "reset"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.data.append((attrs["name"], attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one line break that follows <textarea>.
            name, value = self._textarea
            self.data.append((name, value[1:] if value.startswith("\n") else value))
            self._textarea = None
        elif tag == "select":
            self._select = None


def change_form_data(response):
    """What the browser would post back from an admin change form as it was shown, as a dict of lists."""
    data, _options = form_fields(response.content.decode(), f"{response.context['opts'].model_name}_form")
    return data


def form_fields(html, form_id=None):
    """The form's fields as a browser would post them unchanged ({name: [values]}), and the values each radio
    button or checkbox offers ({name: [values]}). Without `form_id`, the page's own POST form."""
    parser = _FormFields(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data, parser.options
