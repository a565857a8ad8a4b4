"""Comptoir's benchmarks: scripts that print numbers (see docs/benchmarks.md)."""
