"""The demo accounts as the story's actors: each logs in through the gateway and calls the API with its token."""

from __future__ import annotations

import asyncio
import functools
import io
from dataclasses import dataclass
from typing import Any

import httpx
from PIL import Image


class StoryError(RuntimeError):
    """A call answered otherwise than the story expects: the platform refused a step a real role would take."""


def check(response: httpx.Response, expect: int | tuple[int, ...], what: str) -> Any:
    """The answer's JSON when its status is the expected one, else a StoryError naming the step."""
    wanted = (expect,) if isinstance(expect, int) else expect
    if response.status_code not in wanted:
        raise StoryError(f"{what}: {response.request.method} {response.request.url.path} answered "
                         f"{response.status_code}: {response.text[:1500]}")
    if not response.content:
        return None
    return response.json()


@dataclass
class Actor:
    """One signed-in demo account."""

    client: httpx.AsyncClient
    username: str
    token: str
    account: dict[str, Any]

    @property
    def id(self) -> str:
        """The account id: the token's ``sub``, what task pickers and hazards name."""
        return str(self.account["id"])

    @property
    def name(self) -> str:
        return str(self.account["name"])

    @property
    def department(self) -> str | None:
        return self.account.get("department")

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    async def get(self, path: str, *, params: dict[str, Any] | None = None, expect: int = 200) -> Any:
        response = await self.client.get(path, params=params, headers=self._headers(None))
        return check(response, expect, f"{self.username} reads")

    async def send(self, method: str, path: str, body: Any = None, *, expect: int | tuple[int, ...] = 200,
                   headers: dict[str, str] | None = None) -> Any:
        response = await self.client.request(method, path, json=body, headers=self._headers(headers))
        return check(response, expect, self.username)

    async def post(self, path: str, body: Any = None, *, expect: int | tuple[int, ...] = 200,
                   headers: dict[str, str] | None = None) -> Any:
        return await self.send("POST", path, body, expect=expect, headers=headers)

    async def put(self, path: str, body: Any, *, expect: int | tuple[int, ...] = 200) -> Any:
        return await self.send("PUT", path, body, expect=expect)

    async def patch(self, path: str, body: Any, *, expect: int = 200) -> Any:
        return await self.send("PATCH", path, body, expect=expect)

    async def upload(self, path: str, *, field: str = "file", name: str, content: bytes, content_type: str,
                     data: dict[str, str] | None = None, expect: int = 201) -> Any:
        response = await self.client.post(path, files={field: (name, content, content_type)}, data=data,
                                          headers=self._headers(None))
        return check(response, expect, f"{self.username} uploads")


class People:
    """Every demo account the story uses, signed in once (a token lasts 15 minutes of real time: enough)."""

    def __init__(self, client: httpx.AsyncClient, password: str) -> None:
        self.client = client
        self.password = password
        self._actors: dict[str, Actor] = {}

    async def login(self, *usernames: str) -> None:
        """Sign the accounts in side by side (argon2 verification is the slow part; it runs in threads)."""

        async def one(username: str) -> None:
            response = await self.client.post("/api/auth/login", json={"username": username,
                                                                       "password": self.password})
            pair = check(response, 200, f"{username} signs in")
            self._actors[username] = Actor(self.client, username, pair["access_token"], pair["account"])

        await asyncio.gather(*(one(username) for username in usernames))

    def __getitem__(self, username: str) -> Actor:
        return self._actors[username]

    def staff(self, department: str) -> Actor:
        return self._actors[f"{department}_staff"]

    def head(self, department: str) -> Actor:
        return self._actors[f"{department}_head"]


@functools.lru_cache
def image(color: tuple[int, int, int], *, size: tuple[int, int] = (64, 48)) -> bytes:
    """A small PNG standing in for a photo taken on site (the services re-encode it anyway)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()

