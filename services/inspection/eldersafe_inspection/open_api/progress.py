"""Moves a campaign forward in the open API's change feed when its progress changes without its row changing.

Called in the transaction of the change: targets included or excluded (campaigns/events.py), an inspection
submitted (inspections/service.py), a class decided (classification/service.py).
"""

from sqlmodel import Session

from eldersafe_common.sync import stamp_change

from ..campaigns.models import Campaign


def campaign_progressed(session: Session, *, campaign_id: str) -> None:
    """Stamp the campaign (the stamp's lock is held until commit, so call this late in the transaction)."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is not None:
        stamp_change(session, campaign)
