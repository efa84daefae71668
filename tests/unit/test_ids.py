"""Ids carry no structure: knowing a device's id is driving it, so a page that sees some ids
must learn nothing of the others."""

from __future__ import annotations

import uuid

from bridge_stub.domain.ids import new_id

#: Mersenne Twister (Python's `random`) is linear over GF(2): any one bit of its outputs
#: satisfies a linear recurrence of degree 19,937, which is how its state is solved from a few
#: hundred outputs. A sequence with no structure has linear complexity about half its length.
SAMPLES = 44_000
MT_DEGREE = 19_937


def linear_complexity(bits: list[int]) -> int:
    """The length of the shortest linear recurrence that makes `bits` (Berlekamp-Massey)."""
    connection, previous, length, shift_from, window = 1, 1, 0, -1, 0
    for n, bit in enumerate(bits):
        window = (window << 1) | bit
        if (connection & window).bit_count() & 1:
            before = connection
            connection ^= previous << (n - shift_from)
            if 2 * length <= n:
                length, shift_from, previous = n + 1 - length, n, before
    return length


def test_ids_are_uuid_v4() -> None:
    for _ in range(100):
        parsed = uuid.UUID(new_id())
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_no_linear_recurrence_predicts_the_next_id() -> None:
    lowest_bits = [int(new_id()[-1], 16) & 1 for _ in range(SAMPLES)]
    complexity = linear_complexity(lowest_bits)
    assert complexity > MT_DEGREE
    assert abs(complexity - SAMPLES / 2) < 50


def test_the_measure_finds_a_linear_generator() -> None:
    register = 0b1011
    bits = []
    for _ in range(200):
        bits.append(register & 1)
        register = (register >> 1) | (((register ^ (register >> 1)) & 1) << 3)
    assert linear_complexity(bits) == 4
