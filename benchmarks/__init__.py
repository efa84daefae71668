"""Benchmarks run by `make bench`: they print figures and ratios, and never pass or fail."""
