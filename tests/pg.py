"""A throwaway PostgreSQL server for the tests (one copy of the code: `ntm.pgtemp`, which
`make cluster` uses too)."""
from ntm.pgtemp import TempPostgres, available, server  # noqa: F401
