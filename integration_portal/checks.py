"""System checks of what the portal needs from the machine (`manage.py check`, `make check-deploy`)."""

from django.core import checks


def check_pdf_libraries(app_configs, **kwargs):
    """WeasyPrint needs Pango, and embeds only the glyphs a PDF uses: HarfBuzz's subsetter does that in C;
    without it WeasyPrint falls back to fontTools, deprecated and slower on every render."""
    try:
        from weasyprint.text import ffi
    except OSError as error:  # a library WeasyPrint loads on import is missing
        return [
            checks.Error(
                f"PDFs cannot be rendered: {error}",
                hint="Install Pango, on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0",
                id="integration_portal.E001",
            )
        ]
    if ffi.harfbuzz_subset is None or not ffi.harfbuzz.hb_version_atleast(4, 1, 0):
        return [
            checks.Warning(
                "PDFs are rendered without HarfBuzz's font subsetter (libharfbuzz-subset 4.1 or newer).",
                hint="Install it with the system's packages, on Debian: apt-get install libharfbuzz-subset0",
                id="integration_portal.W001",
            )
        ]
    return []
