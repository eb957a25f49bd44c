"""Reading what a page shows."""


def missing(html, *texts):
    """The texts the page does not show, all of them at once, so that a failing test names each one."""
    return [text for text in texts if text not in html]
