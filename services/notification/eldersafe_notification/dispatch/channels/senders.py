"""One sender per channel, configured from the settings."""

from __future__ import annotations

from ...settings import NotificationSettings
from . import email, inbox, sms, webhook
from .common import Sender


def build_senders(settings: NotificationSettings) -> dict[str, Sender]:
    """One sender per channel, configured from ``settings``."""
    provider = sms.provider_from(settings)
    return {
        "email": lambda delivery: email.send(delivery, settings=settings),
        "sms": lambda delivery: sms.send(delivery, provider=provider),
        "inbox": inbox.send,
        "webhook": lambda delivery: webhook.send(delivery, settings=settings),
    }
