"""The ``__init__.py`` of a generated model package: the classes, the union, the tables.

Both ``alfred_events`` (strict) and ``alfred_events.lenient`` export every event's class
(named after its schema's ``title``), the envelope, the handshake as ``UrlVerification``,
``AlfredEvent`` (one union of every event, discriminated by ``event.event_name``),
``EVENTS`` (event name -> class) and ``MODELS`` (the same plus the handshake).
"""

from __future__ import annotations

from collections.abc import Callable

from alfred_contracts.schema.catalog import HANDSHAKE, Catalog, EventSchema
from alfred_contracts.schema.profiles import Profile

_DOC = {
    "strict": (
        "strict profile (the contract)",
        "Each model accepts exactly what its schema accepts: ids in the RFC 4122 text form,\n"
        "RFC 3339 date-times, numbers as JSON numbers, every documented member and no other.\n"
        "``alfred_events.lenient`` holds the same classes for the lenient profile.",
    ),
    "lenient": (
        "lenient profile (a tolerant reader)",
        "Each model accepts exactly what its schema accepts under the lenient profile: the\n"
        "contract, plus unknown members (kept in ``model.model_extra``) and the vendor's\n"
        "ledgered quirks. A quoted number, count or yes/no is read as the value it stands\n"
        'for (``"1653645300.00"`` becomes ``1653645300.0``). The strict classes are in\n'
        "``alfred_events``.",
    ),
}


def _module(catalog: Catalog, schema: EventSchema, module_path: Callable[[str], str]) -> str:
    relative = schema.path.relative_to(catalog.root).as_posix()
    return module_path(relative).removesuffix(".json").replace("/", ".")


def render(catalog: Catalog, profile: Profile, module_path: Callable[[str], str]) -> str:
    """The package's ``__init__.py`` (without the DO NOT EDIT header)."""
    events = [
        (name, event.title, _module(catalog, event, module_path))
        for name, event in catalog.events.items()
    ]
    imports = [f"from .{module} import {title}" for _name, title, module in events]
    handshake = catalog.handshake
    names = ["AlfredEvent", "AlfredEventEnvelope", "EVENTS", "MODELS", "PROFILE"]
    models = "{**EVENTS}"
    if handshake is not None:
        module = _module(catalog, handshake, module_path)
        alias = "" if handshake.title == "UrlVerification" else " as UrlVerification"
        imports.append(f"from .{module} import {handshake.title}{alias}")
        names.append("UrlVerification")
        models = f'{{**EVENTS, "{HANDSHAKE}": UrlVerification}}'
    members = "\n".join(
        f'        Annotated[{title}, Tag("{name}")],' for name, title, _module_name in events
    )
    mapping = "\n".join(f'    "{name}": {title},' for name, title, _module_name in events)
    exported = "\n".join(f'    "{name}",' for name in sorted(names + [t for _n, t, _m in events]))
    title, text = _DOC[profile]
    usage = "from alfred_events" + ("" if profile == "strict" else ".lenient")
    return (
        f'"""Typed models of Alfred\'s webhook messages (pydantic v2), {title}.\n\n'
        f"{text}\n\n"
        f"    {usage} import AlfredEvent, UrlVerification\n\n"
        "    body: AlfredEvent | UrlVerification  # a FastAPI or pydantic body type\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        "from typing import Annotated, Union\n\n"
        "from alfred_contracts.modeltypes import AlfredModel, event_name\n"
        "from pydantic import Discriminator, Tag\n\n"
        "from .common.envelope import AlfredEventEnvelope\n" + "\n".join(sorted(imports)) + "\n\n"
        f'PROFILE = "{profile}"\n'
        '"""The profile these models hold, as ``alfred_contracts.validate`` names it."""\n\n'
        "AlfredEvent = Annotated[\n"
        "    Union[\n"
        f"{members}\n"
        "    ],\n"
        "    Discriminator(event_name),\n"
        "]\n"
        '"""Any event of the catalog: ``event.event_name`` picks the model."""\n\n'
        "EVENTS: dict[str, type[AlfredModel]] = {\n"
        f"{mapping}\n"
        "}\n"
        '"""The model of every event, by ``event.event_name``."""\n\n'
        f"MODELS: dict[str, type[AlfredModel]] = {models}\n"
        '"""The model of every message Alfred sends (the events and the handshake), by the\n'
        'name ``alfred_contracts`` routes it by."""\n\n'
        f"__all__ = [\n{exported}\n]\n"
    )
