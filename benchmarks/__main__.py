"""`python -m benchmarks`: every benchmark, one after the other (`make bench`)."""

from __future__ import annotations

import sys

from benchmarks import (
    bridge_roundtrip,
    csv_import,
    domain_scale,
    fixture_breakdown,
    flow_overhead,
    hardening,
    npm_breakdown,
    npm_flow_overhead,
    rest_throughput,
)

for benchmark in (
    bridge_roundtrip,
    rest_throughput,
    csv_import,
    flow_overhead,
    npm_flow_overhead,
    fixture_breakdown,
    npm_breakdown,
    domain_scale,
    hardening,
):
    sys.argv = [benchmark.__name__]
    benchmark.main()
    print()
