"""How many examples the hypothesis properties draw: a quick budget for `make test`, a deep one on demand.

`make test` (and CI on every pull request) runs the `quick` profile so the whole suite stays well under
15 minutes on a two-core runner. `HYPOTHESIS_PROFILE=thorough make test` draws ten times as many examples;
the scheduled CI job runs it. Each property states its budget relative to the quick one with `examples(n)`,
so one switch scales them all and no test hides a fixed count.
"""

from __future__ import annotations

import os

from hypothesis import settings

PROFILES = {"quick": 1, "thorough": 10}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")
if PROFILE not in PROFILES:
    raise SystemExit(f"HYPOTHESIS_PROFILE={PROFILE!r} is unknown — use one of: {', '.join(PROFILES)}")

for _name, _scale in PROFILES.items():
    settings.register_profile(_name, max_examples=100 * _scale, deadline=None)
settings.load_profile(PROFILE)


def examples(quick: int) -> int:
    """The number of examples for a property that draws `quick` of them in the quick profile."""
    return quick * PROFILES[PROFILE]
