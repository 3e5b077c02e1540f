"""Benchmarks (not tests): ``make bench`` runs ``python -m ntm.bench``."""
