"""The languages of the public survey. German is the base; every survey text is translated into the others.

German Leichte Sprache has no ISO code of its own. We use "de-ls" in URLs, catalogues (de_LS) and the
stored data, and the BCP 47 private-use tag "de-x-ls" in the page's `lang` attribute: screen readers
read it as German, which it is.
"""

from dataclasses import dataclass

from django.conf.locale import LANG_INFO

BASE_LANGUAGE = "de"
EASY_GERMAN = "de-ls"


@dataclass(frozen=True)
class SurveyLanguage:
    code: str  # in URLs and stored with each response
    local_name: str  # how speakers of the language name it: shown in the language switch
    html_lang: str
    rtl: bool = False

    @property
    def direction(self):
        return "rtl" if self.rtl else "ltr"


SURVEY_LANGUAGES = [
    SurveyLanguage("de", "Deutsch", "de"),
    SurveyLanguage(EASY_GERMAN, "Leichte Sprache", "de-x-ls"),
    SurveyLanguage("en", "English", "en"),
    SurveyLanguage("ar", "العربية", "ar", rtl=True),
    SurveyLanguage("fa", "فارسی", "fa", rtl=True),
    SurveyLanguage("uk", "Українська", "uk"),
    SurveyLanguage("ru", "Русский", "ru"),
    SurveyLanguage("tr", "Türkçe", "tr"),
]
BY_CODE = {language.code: language for language in SURVEY_LANGUAGES}
LANGUAGE_CODES = [language.code for language in SURVEY_LANGUAGES]
LANGUAGE_CHOICES = [(language.code, language.local_name) for language in SURVEY_LANGUAGES]


def register_easy_german():
    """Make "de-ls" known to Django's language utilities (get_language_info, the i18n template tags)."""
    LANG_INFO.setdefault(
        EASY_GERMAN,
        {"bidi": False, "code": EASY_GERMAN, "name": "German (Easy Language)", "name_local": "Leichte Sprache"},
    )


def in_language(texts, language):
    """The text of a translated field in the language, the German text where a translation is missing."""
    if not texts:
        return ""
    return texts.get(language) or texts.get(BASE_LANGUAGE, "")
