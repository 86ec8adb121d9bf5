"""Token buckets: refill, expiry of idle callers, the cap on memory; the caller behind trusted proxies."""

from ipaddress import ip_network

from eldersafe_gateway.ratelimit import TokenBuckets, address_key, caller_address


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refill_at_the_rate() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=6, burst=2, max_keys=10, clock=clock)  # a token every 10 s
    assert buckets.take("a") is None and buckets.take("a") is None
    wait = buckets.take("a")
    assert wait is not None and abs(wait - 10.0) < 1e-9
    clock.now += 4
    wait = buckets.take("a")
    assert wait is not None and abs(wait - 6.0) < 1e-9, "a refused request does not reset the refill"
    clock.now += 6
    assert buckets.take("a") is None
    assert buckets.take("a") is not None


def test_idle_buckets_are_forgotten() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=6, burst=2, max_keys=10, clock=clock)  # full again after 20 s idle
    buckets.take("a")
    clock.now += 5
    buckets.take("b")
    assert len(buckets) == 2
    clock.now += 15  # a: 20 s idle, b: 15 s
    buckets.take("c")
    assert len(buckets) == 2  # a went, b and c stay
    clock.now += 100
    buckets.take("c")
    assert len(buckets) == 1


def test_the_table_is_capped_by_forgetting_the_least_recent() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=1, burst=1, max_keys=3, clock=clock)
    for key in ("a", "b", "c"):
        assert buckets.take(key) is None
    assert buckets.take("a") is not None  # a is now the most recent
    assert buckets.take("d") is None
    assert len(buckets) == 3
    assert buckets.take("a") is not None, "a was kept"
    assert buckets.take("b") is None, "b, the least recent, was forgotten and starts afresh"


def test_addresses_are_kept_only_as_keyed_hashes() -> None:
    key = address_key("198.51.100.7")
    assert key == address_key("198.51.100.7") != address_key("198.51.100.8")
    assert b"198.51.100.7" not in key and len(key) == 16


def scope(peer: str, forwarded: str | None = None) -> dict:  # type: ignore[type-arg]
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"client": (peer, 1234), "headers": headers}


def test_caller_address_trusts_forwarded_for_only_from_trusted_peers() -> None:
    trusted = [ip_network("10.0.0.0/8"), ip_network("::1/128")]
    assert caller_address(scope("198.51.100.7", "1.2.3.4"), trusted) == "198.51.100.7"
    assert caller_address(scope("10.0.0.1", "1.2.3.4"), trusted) == "1.2.3.4"
    # the leftmost entries are whatever the caller wrote; the nearest untrusted hop is the caller
    assert caller_address(scope("10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.9"), trusted) == "1.2.3.4"
    assert caller_address(scope("::1", "2001:db8::5"), trusted) == "2001:db8::5"
    assert caller_address(scope("10.0.0.1"), trusted) == "10.0.0.1"
    assert caller_address(scope("10.0.0.1", "1.2.3.4"), []) == "10.0.0.1"
    assert caller_address({"client": None, "headers": []}, trusted) is None
