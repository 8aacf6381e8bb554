"""Write tests/scoring/golden/golden.json: per rubric and answer set, the request and its scored projection.

    .venv/bin/python tests/scoring/make_golden.py

Covers every assessment in assessments/ and the fixture rubrics of the tests
(tests/scoring/golden_vectors.py says what is pinned). Run it again when a
rubric's structure (rubric.yaml), an answer set or the scoring rules change *on
purpose*, and review the diff. Text edits in <lang>.yaml and new languages need
no new vectors.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script: make the repo's packages importable
    sys.path.insert(0, str(REPO))

from tests.scoring.golden_vectors import GOLDEN, all_rubrics, build_golden, check_rubric, render  # noqa: E402


def main() -> int:
    sources = all_rubrics(REPO)
    golden = build_golden(sources)
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(render(golden), encoding="utf-8")
    count = sum(len(entry["vectors"]) for entry in golden["rubrics"].values())
    print(f"wrote {GOLDEN.relative_to(REPO)}: {count} vectors for {', '.join(golden['rubrics'])}")
    # The vectors come from the structures alone; every language must give the same projection.
    problems = [
        problem for key, source in sources.items() for problem in check_rubric(key, source, golden["rubrics"][key])
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
