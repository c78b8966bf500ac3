"""Correct receivers written the way integrators usually write them, one per framework
(Starlette as FastAPI users write it with a raw body, Flask, and the guide's plain WSGI).

None of them is tuned to ``verify-consumer``: each answers the handshake, validates with
``alfred_contracts.parse(..., profile="lenient")`` and refuses violations with 422, and
otherwise does what its framework makes easy (the Starlette one reads any content type,
the Flask one echoes ``data.get("challenge")``, null included). ``verify-consumer`` must
pass each of them, with any seed: whatever they do with bodies Alfred never sends is
advice, not a failure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from alfred_contracts import ContractViolation, parse


def _errors(error: ContractViolation) -> list[dict[str, str]]:
    return [{"path": v.instance_path, "message": v.message} for v in error.violations]


def starlette_app() -> Any:
    """Starlette (the FastAPI way with a raw body): no content-type check at all."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def webhook(request: Request) -> JSONResponse:
        body = await request.body()
        try:
            data = json.loads(body)
        except ValueError:
            return JSONResponse({"error": "not JSON"}, status_code=400)
        if isinstance(data, dict) and data.get("type") == "url_verification":
            return JSONResponse({"challenge": data.get("challenge")})
        try:
            event = parse(body, profile="lenient")
        except ContractViolation as error:
            return JSONResponse({"errors": _errors(error)}, status_code=422)
        return JSONResponse({"status": "accepted", "event_id": str(event.event_id)})

    return Starlette(routes=[Route("/webhook", webhook, methods=["POST"])])


def flask_app() -> Any:
    """Flask: ``request.get_json(silent=True)`` and the usual handshake line."""
    from flask import Flask, request

    app = Flask("receiver")

    @app.post("/webhook")
    def webhook() -> Any:
        data = request.get_json(silent=True)
        if data is None:
            return {"error": "expected a JSON body"}, 400
        if isinstance(data, dict) and data.get("type") == "url_verification":
            return {"challenge": data.get("challenge")}
        try:
            parse(request.get_data(), profile="lenient")
        except ContractViolation as error:
            return {"errors": _errors(error)}, 422
        return {"status": "accepted"}

    return app


GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guides" / "receiver.md"


def guide_wsgi_app() -> Any:
    """The plain WSGI receiver exactly as docs/guides/receiver.md shows it."""
    page = GUIDE.read_text("utf-8")
    marker = "<!-- snippet: python file=receiver_wsgi.py -->\n```python\n"
    start = page.index(marker) + len(marker)
    source = page[start : page.index("```", start)]
    namespace: dict[str, Any] = {}
    exec(compile(source, str(GUIDE), "exec"), namespace)  # our own docs page
    return namespace["app"]
