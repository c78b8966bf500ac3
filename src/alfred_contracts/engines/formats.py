"""The reference engine's format checks: the project's own, exactly as policy 2 defines them.

They live in :mod:`alfred_contracts.formats`, on the ground floor, because the generated
models' field types (:mod:`alfred_contracts.modeltypes`) apply the very same checks; this
module keeps the engines' name for them.
"""

from __future__ import annotations

from alfred_contracts.formats import (
    CHECKERS,
    explain_date_time,
    explain_uuid,
    is_date_time,
    is_uuid,
)

__all__ = ["CHECKERS", "explain_date_time", "explain_uuid", "is_date_time", "is_uuid"]
