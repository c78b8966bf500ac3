# DO NOT EDIT: written by `alfred-contracts generate` from schemas/common/.
# Change the schema instead, then run `alfred-contracts generate`.

