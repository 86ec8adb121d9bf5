"""Which service owns a path, and which paths are public.

``/api/<service>/…`` belongs to the service of that name. Two more families are routed by longest
prefix: the open API for the city platform (``/api/open/v1/…``, whose resources live in different
services) and Open311 GeoReport v2 (``/open311/…``, served by inspection). Paths are forwarded unchanged.
"""

from __future__ import annotations

OPEN_API = "/api/open/v1"

# Open-API prefix → service; matched on whole segments, longest first.
OPEN_ROUTES: dict[str, str] = {
    "/api/open/v1/facilities": "registry",
    "/api/open/v1/statistics/facilities": "registry",
    "/api/open/v1/campaigns": "inspection",
    "/api/open/v1/hazard-summaries": "rectification",
    "/api/open/v1/statistics/hazards": "rectification",
    "/api/open/v1/webhooks": "notification",
}
OPEN311 = "/open311"
OPEN311_SERVICE = "inspection"

# Paths where the caller may be a member of the public reporting a tip: nothing that identifies them
# passes the gateway (see privacy.py). ``/tip`` is the gateway's own page for them.
PUBLIC_TIPS = "/api/inspection/public/"
PUBLIC_PREFIXES = (PUBLIC_TIPS, OPEN311 + "/")
TIP_PAGE = "/tip"

# The public tip-off endpoints with a limit of their own (everything else public shares the read limit).
TIP_SUBMIT = "/api/inspection/public/tips"
RECEIPT_PATHS = frozenset({"/api/inspection/public/tips/status", "/api/inspection/public/tips/messages"})

_OPEN_BY_LENGTH = sorted(OPEN_ROUTES.items(), key=lambda item: len(item[0]), reverse=True)


def _under(path: str, prefix: str) -> bool:
    """``path`` is ``prefix`` or lies below it (a whole segment: /facilities-x is not /facilities)."""
    return path.startswith(prefix) and (len(path) == len(prefix) or path[len(prefix)] == "/")


def service_for(path: str) -> str | None:
    """The service a non-``/api/<service>`` path is routed to, else None."""
    if path.startswith(OPEN_API):
        for prefix, service in _OPEN_BY_LENGTH:
            if _under(path, prefix):
                return service
        return None
    if _under(path, OPEN311):
        return OPEN311_SERVICE
    return None


def is_public(path: str) -> bool:
    """A path a reporter's browser or an Open311 client calls without an account."""
    return path.startswith(PUBLIC_PREFIXES) or path == OPEN311


def is_tip_page(path: str) -> bool:
    return _under(path, TIP_PAGE)
