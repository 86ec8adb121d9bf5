"""Email over SMTP (settings ``NOTIFICATION_SMTP_*``), with the notification id as the Message-ID."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr

from ...settings import NotificationSettings
from .common import Delivery, Outcome, clip


def message_id(notification_id: str, sender: str) -> str:
    """The same notification always carries the same Message-ID, so a resend after a crash is recognisable."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "eldersafe.invalid"
    return f"<{notification_id}@{domain}>"


def build(delivery: Delivery, *, settings: NotificationSettings) -> EmailMessage:
    """The email for one notification."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = formataddr((delivery.recipient_name or "", delivery.address))
    message["Subject"] = delivery.title
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = message_id(delivery.id, settings.smtp_from)
    message["X-ElderSafe-Delivery"] = delivery.id
    body = delivery.body if not delivery.link else f"{delivery.body}\n\n{delivery.link}"
    message.set_content(body)
    return message


def _connect(settings: NotificationSettings) -> smtplib.SMTP:
    if settings.smtp_security == "ssl":
        return smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout,
                                context=ssl.create_default_context())
    client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
    if settings.smtp_security == "starttls":
        client.starttls(context=ssl.create_default_context())
    return client


def send(delivery: Delivery, *, settings: NotificationSettings) -> Outcome:
    """Hand the email to the SMTP server; a refusal or a dead server is a failed attempt, not an exception."""
    message = build(delivery, settings=settings)
    envelope_from = parseaddr(settings.smtp_from)[1]
    try:
        with _connect(settings) as client:
            if settings.smtp_user:
                password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
                client.login(settings.smtp_user, password)
            client.send_message(message, from_addr=envelope_from, to_addrs=[delivery.address])
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        # 5xx is the server's final word on the address; 4xx may pass later.
        return Outcome(False, clip(f"SMTP refused the recipient: {exc.recipients}"),
                       permanent=all(code >= 500 for code in codes))
    except smtplib.SMTPResponseException as exc:
        return Outcome(False, clip(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"))
    except (smtplib.SMTPException, OSError) as exc:
        return Outcome(False, clip(f"SMTP server {settings.smtp_host}:{settings.smtp_port}: "
                                   f"{type(exc).__name__}: {exc}"))
    return Outcome(True, f"accepted by {settings.smtp_host}:{settings.smtp_port} as {message['Message-ID']}")
