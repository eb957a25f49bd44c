"""Every setting is declared in the settings, and every environment variable they read in .env.example."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
APPS = ["integration_portal", "actionplan", "steering", "papers", "participation"]
ENV_READ = re.compile(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
SETTING_READ = re.compile(r"""settings\.([A-Z][A-Z0-9_]*)|getattr\(settings,\s*["']([A-Z][A-Z0-9_]*)["']""")


def _app_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts and "settings" not in path.parts:
                yield path


def test_every_environment_variable_of_the_settings_is_in_env_example():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, flags=re.M))
    read = set()
    for path in (ROOT / "integration_portal" / "settings").glob("*.py"):
        read |= set(ENV_READ.findall(path.read_text(encoding="utf-8")))
    assert read, "no environment variable found: the pattern no longer matches the settings"
    assert sorted(read - listed) == []


def test_every_setting_the_apps_read_is_declared_without_a_fallback():
    missing, fallbacks = set(), set()
    for path in _app_files():
        text = path.read_text(encoding="utf-8")
        for attribute, with_getattr in SETTING_READ.findall(text):
            name = attribute or with_getattr
            if not hasattr(settings, name):
                missing.add(f"{path.relative_to(ROOT)}: {name}")
            if with_getattr:
                fallbacks.add(f"{path.relative_to(ROOT)}: {name}")
    assert sorted(missing) == []
    assert sorted(fallbacks) == [], "declare the setting in the settings instead of a default where it is read"


def test_one_redis_setting():
    for path in (ROOT / "integration_portal" / "settings").glob("*.py"):
        assert "PRODUCTION_REDIS_URL" not in path.read_text(encoding="utf-8")
