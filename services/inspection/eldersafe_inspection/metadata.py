"""Every table of the inspection service, for Alembic (``migrations/env.py``) and the tests that compare the
migrations with the models. Nothing else in the service imports this module: each domain imports ``base.py``."""

from .accounts import models as _accounts  # noqa: F401
from .base import inspection_registry
from .campaigns import models as _campaigns  # noqa: F401
from .checklists import models as _checklists  # noqa: F401
from .classification import models as _classification  # noqa: F401
from .inspections import models as _inspections  # noqa: F401
from .ledger import models as _ledger  # noqa: F401
from .photos import models as _photos  # noqa: F401
from .targets import models as _targets  # noqa: F401
from .tasks import models as _tasks  # noqa: F401
from .tipoffs.rewards import models as _rewards  # noqa: F401
from .tipoffs.tips import models as _tips  # noqa: F401
from .tipoffs.tips import numbering as _tip_numbering  # noqa: F401
from .tipoffs.tips import reward_models as _tip_rewards  # noqa: F401

metadata = inspection_registry.metadata

__all__ = ["inspection_registry", "metadata"]
