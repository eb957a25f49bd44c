"""Reading another system's OParl interface, guarded: http(s) only, public addresses only (unless a setting
allows others), no redirect to another host, a time limit per request and for the whole run, a size
limit per answer and a limit on the number of requests."""

import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

OPARL_VERSIONS = ("https://schema.oparl.org/1.0/", "https://schema.oparl.org/1.1/")


class OParlError(Exception):
    """A refusal or failure, with a message for the user (German through gettext)."""


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urljoin(req.full_url, newurl)
        if urlsplit(target).hostname != urlsplit(req.full_url).hostname:
            raise OParlError(
                _("%(url)s redirects to another host (%(target)s); that is not followed.")
                % {"url": req.full_url, "target": target}
            )
        check_url(target)
        return super().redirect_request(req, fp, code, msg, headers, target)


def check_url(url: str) -> None:
    """Refuse anything but http(s) to a public address (private ones only where the setting allows)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OParlError(_("Only http and https addresses are read, not “%(url)s”.") % {"url": url})
    if settings.OPARL_CLIENT_ALLOW_PRIVATE:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        raise OParlError(_("The host of %(url)s is unknown.") % {"url": url}) from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global:
            raise OParlError(
                _("%(url)s points to a private or local address (%(ip)s); such addresses are not read.")
                % {"url": url, "ip": ip}
            )


class Fetcher:
    """Fetches OParl JSON objects and list pages within the limits of the settings."""

    def __init__(self):
        self.timeout = settings.OPARL_CLIENT_TIMEOUT
        self.max_bytes = settings.OPARL_CLIENT_MAX_BYTES
        self.requests_left = settings.OPARL_CLIENT_MAX_REQUESTS
        self.deadline = time.monotonic() + settings.OPARL_CLIENT_TOTAL_TIMEOUT
        self.opener = urllib.request.build_opener(_SameHostRedirects())
        self.cache: dict[str, dict] = {}

    def get(self, url: str) -> dict:
        """The JSON object at `url` (each URL is fetched once per run)."""
        if url in self.cache:
            return self.cache[url]
        check_url(url)
        self.requests_left -= 1
        if self.requests_left < 0 or time.monotonic() > self.deadline:
            raise OParlError(_("The council system takes too many requests or too long; the import stops."))
        request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
        try:
            # check_url allowed http(s) only, so urllib opens no file: or ftp: URLs here.
            with self.opener.open(request, timeout=self.timeout) as response:  # nosec B310
                body = response.read(self.max_bytes + 1)
        except OParlError:
            raise
        except urllib.error.HTTPError as error:
            raise OParlError(_("%(url)s answers with HTTP %(code)s.") % {"url": url, "code": error.code}) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise OParlError(_("%(url)s cannot be read: %(reason)s") % {"url": url, "reason": reason}) from None
        if len(body) > self.max_bytes:
            raise OParlError(
                _("%(url)s answers with more than %(size)s bytes; the import stops.")
                % {"url": url, "size": self.max_bytes}
            )
        try:
            data = json.loads(body)
        except ValueError:
            raise OParlError(_("%(url)s does not answer with JSON.") % {"url": url}) from None
        if not isinstance(data, dict):
            raise OParlError(_("%(url)s does not answer with an OParl object.") % {"url": url})
        self.cache[url] = data
        return data

    def items(self, url: str):
        """Every object of an external list, page by page along `links.next`."""
        seen = set()
        while url and url not in seen:
            seen.add(url)
            page = self.get(url)
            yield from (item for item in page.get("data", []) if isinstance(item, dict))
            url = (page.get("links") or {}).get("next")

    def system_of(self, url: str) -> tuple[dict, list[dict]]:
        """(system, bodies) for a System URL, or for a Body URL (then that body alone). Refuses other versions."""
        start = self.get(url)
        kind = str(start.get("type", "")).rsplit("/", 1)[-1]
        if kind == "Body" and isinstance(start.get("system"), str):
            system, bodies = self.get(start["system"]), [start]
        elif kind == "System":
            system, bodies = start, None
        else:
            raise OParlError(_("%(url)s is neither an OParl system nor a body.") % {"url": url})
        version = system.get("oparlVersion")
        if version not in OPARL_VERSIONS:
            raise OParlError(
                _("%(url)s is not an OParl 1.0 or 1.1 system (it states the version “%(version)s”).")
                % {"url": url, "version": version}
            )
        if bodies is None:
            body_list = system.get("body")
            bodies = list(self.items(body_list)) if isinstance(body_list, str) else []
        return system, bodies
