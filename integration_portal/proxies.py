"""Who the client is and whether it came over HTTPS, believing a reverse proxy's headers only from the
proxies named in TRUSTED_PROXIES (addresses or networks).

Any other peer may send `X-Forwarded-For` and `X-Forwarded-Proto` too; from it they are ignored, so a
client that reaches the application server directly can neither choose its address nor claim HTTPS.
"""

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES as networks ("10.0.0.2" is 10.0.0.2/32); a wrong entry stops the start."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is no IP address or network.") from error
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address) -> bool:
    networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str | None:
    """The client's IP address. The TCP peer (REMOTE_ADDR), unless it is a trusted proxy: then the
    `X-Forwarded-For` entries are read from the right, skipping further trusted proxies, and the first
    other address is the client. Entries left of it were sent by the client and are never used.
    """
    if request is None:
        return None
    address = _address(request.META.get("REMOTE_ADDR", ""))
    if is_trusted_proxy(address):
        forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
        while forwarded and is_trusted_proxy(address):
            address = _address(forwarded.pop())
    return str(address) if address is not None else None


class ForwardedProtoMiddleware:
    """`X-Forwarded-Proto: https` from a trusted proxy marks the request as secure (the proxy terminated
    TLS); from anyone else the header is dropped. Runs before SecurityMiddleware's HTTPS redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proto = request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        if proto is not None and is_trusted_proxy(_address(request.META.get("REMOTE_ADDR", ""))):
            request.META["wsgi.url_scheme"] = "https" if proto.strip().lower() == "https" else "http"
        return self.get_response(request)
