"""The schemas as JavaScript receivers load them: one file per profile, for Ajv.

``js/alfred-schemas.<profile>.json`` is a JSON array: every event's bundled schema of that
profile (the same content the site publishes under ``schemas/bundled/``) followed by the
handshake's schema under that profile, exactly what Ajv's ``schemas`` option takes. Next
to them the site serves ``js/alfred-ajv.mjs`` (from ``docs/js/``): the exact ``uuid`` and
``date-time`` formats, and the annotation keywords that Ajv's strict mode must be told
about.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson

from alfred_contracts.codegen.components import handshake_uri
from alfred_contracts.docs.publish import bundled_file
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.profiles import PROFILES, Profile

JS_DIR = "js"


def schema_set_path(profile: Profile) -> str:
    """Where the site serves the schema set of ``profile``."""
    return f"{JS_DIR}/alfred-schemas.{profile}.json"


def schema_sets(catalog: Catalog, published: Mapping[str, bytes]) -> dict[str, bytes]:
    """Both profiles' schema sets, from the site's ``published`` schema files."""
    handshake = handshake_uri(catalog)
    files = {}
    for profile in PROFILES:
        schemas = [
            orjson.loads(published[bundled_file(event, profile)])
            for event in catalog.events.values()
        ]
        if handshake is not None:
            schemas.append(catalog.resources(profile)[handshake])
        files[schema_set_path(profile)] = orjson.dumps(schemas, option=orjson.OPT_INDENT_2)
    return files
