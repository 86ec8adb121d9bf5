"""The open API's change feed of campaigns (``eldersafe_common.sync``): every write of a campaign's row is stamped,
and a campaign is moved forward when its progress changes without its row changing.

``campaign_progressed`` is called in the transaction of the change: targets included or excluded
(campaigns/events.py), an inspection submitted (inspections/submission.py), a class decided
(classification/service.py), a ledger state changed (classification/ledger_consumer.py). The stamping itself is
installed by the app and worker factories (``wiring.install``), not by importing the model.
"""

from sqlmodel import Session

from eldersafe_common.sync import stamp_change, track_changes

from .models import Campaign


def track_campaign_changes() -> None:
    """Stamp ``change_seq`` and ``changed_at`` on every insert and update of a campaign (idempotent)."""
    track_changes(Campaign, time_attribute="changed_at")


def campaign_progressed(session: Session, *, campaign_id: str) -> None:
    """Stamp the campaign (the stamp's lock is held until commit, so call this late in the transaction)."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is not None:
        stamp_change(session, campaign)
