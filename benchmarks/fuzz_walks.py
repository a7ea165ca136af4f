#!/usr/bin/env python3
"""Random guided walks over every policy present, with valid and hostile answers: counts crashes.

    python benchmarks/fuzz_walks.py [--walks 60000] [--seed 1]

Prints the walks, steps, crashes (each crash's first line) and walks per second. It measures; it asserts nothing
(tests/test_hostile_input.py runs 20,000 walks in the test suite).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.publish.policy_files import discover_policies, load_policy  # noqa: E402
from tests.fuzz import walk  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walks", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    today = date(2026, 11, 20)
    policies = [(p, load_policy(p, today=today)) for p in discover_policies(ROOT / "policies")]
    rng = random.Random(args.seed)
    crashes, steps, started = [], 0, time.perf_counter()
    for number in range(args.walks):
        path, policy = policies[number % len(policies)]
        try:
            steps += walk(policy, rng, today)
        except Exception as error:  # the point: count them
            crashes.append(f"{path.relative_to(ROOT)}: {type(error).__name__}: {error}"[:200])
            if len(crashes) <= 3:
                traceback.print_exc()
    seconds = time.perf_counter() - started
    print(f"{args.walks} walks ({steps} steps) over {len(policies)} policies, seed {args.seed}: "
          f"{len(crashes)} crashes, {args.walks / seconds:,.0f} walks/s")
    for line in crashes[:20]:
        print("  " + line)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
