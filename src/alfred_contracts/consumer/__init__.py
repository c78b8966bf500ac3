"""Consumer contract tests: does a webhook receiver handle what Alfred may send?

* :mod:`.probes` — one request, the answer it needs, and its class: contract (Alfred can
  send it) or advice (Alfred never does);
* :mod:`.suite` — the probes: the handshake, a deterministic edge-case suite built from
  the schemas and the examples, redelivery, bad deliveries, and Schemathesis runs in
  positive and negative mode;
* :mod:`.runner` — sends probes through an HTTP client and judges the answers into
  crash, contract and advice findings, within a run budget;
* :mod:`.clients` — that client for a URL (a deadline per request, a capped answer), an
  ASGI app or a WSGI app (no socket);
* :mod:`.verify` — all of it for one run; the reports are in
  :mod:`alfred_contracts.report.consumer`.
"""
