"""`python -m benchmarks`: every benchmark, one after the other (`make bench`)."""

from __future__ import annotations

import sys

from benchmarks import (
    bridge_roundtrip,
    csv_import,
    domain_scale,
    flow_overhead,
    hardening,
    rest_throughput,
)

for benchmark in (
    bridge_roundtrip,
    rest_throughput,
    csv_import,
    flow_overhead,
    domain_scale,
    hardening,
):
    sys.argv = [benchmark.__name__]
    benchmark.main()
    print()
