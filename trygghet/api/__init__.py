"""What every app's API shares: the base viewsets (visibility from `visible_to`), pagination,
parsing, strict fields, the one translation of errors, and the router that gathers each app's
routes."""
