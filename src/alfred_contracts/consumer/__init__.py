"""Consumer contract tests: does a webhook receiver handle what Alfred may send?

* :mod:`.probes` — one request and what the contract says the answer must be;
* :mod:`.suite` — the probes: the handshake, a deterministic edge-case suite built from
  the schemas and the examples, redelivery, bad deliveries, and Schemathesis runs in
  positive and negative mode;
* :mod:`.runner` — sends probes through an HTTP client and judges the answers;
* :mod:`.clients` — that client for a URL, an ASGI app or a WSGI app (no socket);
* :mod:`.reporting` — text, json and junit reports.
"""
