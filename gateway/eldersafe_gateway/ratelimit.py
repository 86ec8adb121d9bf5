"""In-memory token buckets: per caller address on the public paths, per client on the open API.

Nothing here is written anywhere. A caller's address is kept only as a keyed hash (the key is made
when the process starts and never leaves it), only while its bucket is not yet full again, and the
table is capped: past the cap the least recently seen caller is forgotten, which at worst hands it a
fresh bucket. Each gateway process counts on its own; with N replicas a caller gets up to N times the
rate, which is acceptable for abuse control (this is not a quota).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address

from starlette.types import Scope

from . import routes
from .settings import GatewaySettings

Networks = Sequence[IPv4Network | IPv6Network]

_ADDRESS_KEY = secrets.token_bytes(32)


class TokenBuckets:
    """One bucket per key: ``burst`` tokens, refilled at ``per_minute``; a request spends one."""

    def __init__(self, *, per_minute: float, burst: int, max_keys: int,
                 clock: Callable[[], float] = time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_keys = max_keys
        self._clock = clock
        # A bucket untouched this long is full again: forgetting it changes nothing.
        self._idle_full = self.burst / self.rate
        # key → [tokens, last update]; ordered by last update, so expired buckets sit at the front.
        self._buckets: OrderedDict[Hashable, list[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: Hashable) -> float | None:
        """Spend a token: None when allowed, else the seconds until the next token."""
        now = self._clock()
        buckets = self._buckets
        while buckets:
            oldest = next(iter(buckets.values()))
            if now - oldest[1] < self._idle_full:
                break
            buckets.popitem(last=False)
        bucket = buckets.get(key)
        if bucket is None:
            if len(buckets) >= self.max_keys:
                buckets.popitem(last=False)
            buckets[key] = [self.burst - 1.0, now]
            return None
        buckets.move_to_end(key)
        tokens = min(self.burst, bucket[0] + (now - bucket[1]) * self.rate)
        bucket[1] = now
        if tokens >= 1.0:
            bucket[0] = tokens - 1.0
            return None
        bucket[0] = tokens
        return (1.0 - tokens) / self.rate


def address_key(address: str) -> bytes:
    """What a bucket is keyed by instead of the address itself."""
    return hashlib.blake2b(address.encode(), key=_ADDRESS_KEY, digest_size=16).digest()


def _trusted(address: str, trusted: Networks) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def caller_address(scope: Scope, trusted: Networks) -> str | None:
    """The caller's address: the peer, or, when the peer is a trusted proxy, the nearest untrusted
    hop of X-Forwarded-For (the hops further left were written by whoever called, so prove nothing)."""
    client = scope.get("client")
    peer = client[0] if client else None
    if not trusted or peer is None or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for key, value in scope["headers"] if key == b"x-forwarded-for"
            for hop in value.decode("latin-1").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


class PublicLimits:
    """The buckets of the public paths: tip submissions, receipt use, Open311 posts, everything else."""

    def __init__(self, settings: GatewaySettings, clock: Callable[[], float] = time.monotonic):
        size = settings.rate_limit_table_size
        self.tips = TokenBuckets(per_minute=settings.public_tip_rate_per_minute, burst=settings.public_tip_burst,
                                 max_keys=size, clock=clock)
        self.receipts = TokenBuckets(per_minute=settings.public_receipt_rate_per_minute,
                                     burst=settings.public_receipt_burst, max_keys=size, clock=clock)
        self.open311 = TokenBuckets(per_minute=settings.open311_post_rate_per_minute,
                                    burst=settings.open311_post_burst, max_keys=size, clock=clock)
        self.reads = TokenBuckets(per_minute=settings.public_read_rate_per_minute,
                                  burst=settings.public_read_burst, max_keys=size, clock=clock)
        self.trusted = settings.trusted_proxies

    def buckets_for(self, method: str, path: str) -> TokenBuckets:
        if method == "POST":
            if path == routes.TIP_SUBMIT:
                return self.tips
            if path in routes.RECEIPT_PATHS:
                return self.receipts
            if path.startswith(routes.OPEN311):
                return self.open311
        return self.reads

    def take(self, scope: Scope) -> float | None:
        """Spend the caller's token for this request: None when allowed, else seconds to wait."""
        address = caller_address(scope, self.trusted)
        if address is None:
            return None  # no peer (not a socket): nothing to key on
        path = scope["path"].rstrip("/") or "/"
        return self.buckets_for(scope["method"], path).take(address_key(address))
