"""The demo accounts as the scenario's actors: each signs in through the gateway and calls the API with its own
token, expecting the status a real role's step gets; and ``eventually`` for what the workers carry between
services."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

PASSWORD = "Demo@2026!"
T = TypeVar("T")


class Refused(AssertionError):
    """A call answered otherwise than the scenario expects."""


def check(response: httpx.Response, expect: int, what: str) -> Any:
    if response.status_code != expect:
        raise Refused(f"{what}: {response.request.method} {response.request.url.path} answered "
                      f"{response.status_code}, expected {expect}: {response.text[:1500]}")
    return response.json() if response.content else None


@dataclass
class Actor:
    client: httpx.Client
    username: str
    token: str
    account: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.account["id"])

    @property
    def name(self) -> str:
        return str(self.account["name"])

    @property
    def recipient(self) -> str:
        """How the notification service names this account as a recipient."""
        return f"account:{self.id}"

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def raw(self, method: str, path: str, body: Any = None) -> httpx.Response:
        """The answer whatever its status (to wait for one)."""
        return self.client.request(method, path, json=body, headers=self._headers())

    def get(self, path: str, *, params: dict[str, Any] | None = None, expect: int = 200) -> Any:
        return check(self.client.get(path, params=params, headers=self._headers()), expect, self.username)

    def send(self, method: str, path: str, body: Any = None, *, expect: int = 200,
             headers: dict[str, str] | None = None) -> Any:
        response = self.client.request(method, path, json=body, headers=self._headers(headers))
        return check(response, expect, self.username)

    def post(self, path: str, body: Any = None, *, expect: int = 200, headers: dict[str, str] | None = None) -> Any:
        return self.send("POST", path, body, expect=expect, headers=headers)

    def put(self, path: str, body: Any, *, expect: int = 200) -> Any:
        return self.send("PUT", path, body, expect=expect)

    def patch(self, path: str, body: Any, *, expect: int = 200) -> Any:
        return self.send("PATCH", path, body, expect=expect)

    def upload(self, path: str, *, name: str, content: bytes, content_type: str,
               data: dict[str, str] | None = None, expect: int = 201) -> Any:
        response = self.client.post(path, files={"file": (name, content, content_type)}, data=data,
                                    headers=self._headers())
        return check(response, expect, f"{self.username} uploads")

    def inbox(self) -> list[dict[str, Any]]:
        """The newest hundred items of this account's inbox."""
        return list(self.get("/api/notification/inbox", params={"page_size": 100})["items"])


class People:
    """Every demo account the scenario uses, signed in once (a token lasts 15 minutes of real time: enough)."""

    def __init__(self, client: httpx.Client, usernames: list[str]) -> None:
        def login(username: str) -> Actor:
            response = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
            pair = check(response, 200, f"{username} signs in")
            return Actor(client, username, pair["access_token"], pair["account"])

        with ThreadPoolExecutor(max_workers=4) as pool:  # argon2 verification is the slow part
            self._actors = {actor.username: actor for actor in pool.map(login, usernames)}

    def __getattr__(self, username: str) -> Actor:
        try:
            return self._actors[username]
        except KeyError as exc:
            raise AttributeError(username) from exc

    def staff(self, department: str) -> Actor:
        return self._actors[f"{department}_staff"]

    def head(self, department: str) -> Actor:
        return self._actors[f"{department}_head"]


def eventually(read: Callable[[], T], accept: Callable[[T], bool], *, what: str, timeout: float = 30) -> T:
    """Poll ``read()`` until ``accept`` holds of its value (the workers carry events between the services)."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if accept(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}; last value: {str(value)[:2000]}")
        time.sleep(0.2)
