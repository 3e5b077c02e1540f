"""A throwaway PostgreSQL server for the tests (one copy of the code: `ntm.pgtemp`, which
`make cluster` uses too). `Cluster`: a server of a test's own, to stop, hang and start again."""
from ntm.pgtemp import TempPostgres, available, server  # noqa: F401

Cluster = TempPostgres
