"""POST data for admin change forms, as the browser would send it."""

INLINE_PREFIXES = ["indicators", "responsibilities", "progress_reports"]


def measure_form_data(measure, **fields):
    """The measure's change form with unchanged fields and no inline rows, updated with `fields`."""
    data = {"challenge": measure.challenge_id, "text": measure.text, "status": measure.status}
    for prefix in INLINE_PREFIXES:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(fields)
    return data
