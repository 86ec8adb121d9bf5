"""Every table of the service in one metadata, for Alembic (``migrations/env.py``) and the tests.

Nothing else in the service imports this module: a domain imports the models it uses, so imports run one way
(domain → ``base``) and no module has to import every domain.
"""

from .base import rectification_registry
from .campaigns import models as _campaigns
from .facilities import models as _facilities
from .followups import models as _followups
from .ledger import models as _ledger
from .plans import models as _plans
from .supervision import models as _supervision

metadata = rectification_registry.metadata
MODEL_MODULES = (_campaigns, _facilities, _followups, _ledger, _plans, _supervision)

__all__ = ["MODEL_MODULES", "metadata", "rectification_registry"]
