# DO NOT EDIT: written by `alfred-contracts generate` from schemas/url_verification.schema.json.
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel
from pydantic import ConfigDict, Field, StrictStr


class UrlVerification(AlfredModel):
    """
    The handshake Alfred sends, as a POST with a JSON body, to a webhook URL before it delivers any event there. The receiver proves that it controls the URL by answering 200 with the challenge (as plain text, or as the JSON object {"challenge": ...}). The body has exactly three string members and, unlike an event, a top-level type; it carries no event_id, event_time or event object, so it is not an event of the catalog.
    """

    model_config = ConfigDict(
        extra='forbid',
    )
    token: Annotated[StrictStr, Field(title='Verification token')]
    """
    An opaque string that Alfred sends with the handshake. The vendor says nothing about what it is for or what to compare it with, so a receiver cannot verify it; it may log it.
    """
    challenge: Annotated[StrictStr, Field(min_length=1, title='Challenge')]
    """
    A random, non-empty string that the receiver must send back unchanged in its 200 answer to prove it controls the URL.
    """
    type: Annotated[Literal['url_verification'], Field(title='Message type')]
    """
    Always url_verification. Events have no top-level type, so this member alone tells the handshake apart from an event.
    """
