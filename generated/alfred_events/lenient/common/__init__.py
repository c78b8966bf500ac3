# DO NOT EDIT: written by `alfred-contracts generate` from schemas/common/ (lenient profile).
# Change the schema instead, then run `alfred-contracts generate`.

