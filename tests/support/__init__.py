"""Harnesses shared by the tests and the benchmark (bench/ imports them; nothing here imports bench/)."""
