"""compat."""

#: the checks ``alfred-contracts gate`` runs, in order (the names ``--skip`` takes); kept
#: here, away from the checks themselves, so the command line can list them cheaply
CHECK_NAMES = (
    "schemas",
    "examples",
    "counterexamples",
    "vendor ledger",
    "engines agree",
    "generated artefacts",
    "compatibility",
    "docs build",
)
