"""Every table of this service, collected for Alembic (``migrations/env.py``) and the tests.

Imports every domain's models, so nothing inside the service imports this module: a domain takes its base
from ``base.py`` and its neighbours' tables from their own ``models.py``.
"""

from .base import notification_registry
from .campaigns import models as _campaigns  # noqa: F401
from .contacts import models as _contacts  # noqa: F401
from .delivery import models as _delivery  # noqa: F401
from .escalation import models as _escalation  # noqa: F401
from .hazards import models as _hazards  # noqa: F401
from .rules import models as _rules  # noqa: F401
from .webhooks import models as _webhooks  # noqa: F401

metadata = notification_registry.metadata

__all__ = ["metadata", "notification_registry"]
