"""Where a webhook may point: http(s) only, and, unless settings allow it, no private, loopback or link-local
address (a subscriber must not make this service call into the district's own network)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def _refused_address(address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
                       ("private", ip.is_private), ("multicast", ip.is_multicast),
                       ("unspecified", ip.is_unspecified), ("reserved", ip.is_reserved)):
        if flag:
            return f"{address} is a {kind} address"
    return None


def url_problem(url: str, *, allow_private: bool) -> str | None:
    """Why ``url`` may not be called, or None. The host is resolved and every address it has is checked."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"not a valid URL: {exc}"
    if parts.scheme not in ("http", "https"):
        return "must be an http or https URL"
    if not parts.hostname:
        return "must name a host"
    if parts.username or parts.password:
        return "must not carry credentials; the signature authenticates each delivery"
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        return f"the host {parts.hostname} does not resolve: {exc}"
    for info in infos:
        problem = _refused_address(str(info[4][0]))
        if problem:
            return f"points at a forbidden address: {problem}"
    return None
