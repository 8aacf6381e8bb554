"""The GitHub Actions workflows are safe for pull requests from anyone: read-only tokens that are not left on
disk, no secrets where pull-request code runs, no privileged triggers, only the built `site/` uploaded, and
publishing only from `main`.

Each rule is a function from a workflow's text to the problems it finds; the repository's workflows must have
none, and every rule is shown to catch what it is for on a small workflow that breaks it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS_DIR.glob("*.y*ml"))

# Triggers that run with the base repository's write token and secrets on behalf of a pull request.
PRIVILEGED_TRIGGERS = ("pull_request_target", "workflow_run")
# Expressions that hand a credential to whatever the step runs.
CREDENTIAL_EXPRESSIONS = ("secrets.", "secrets[", "github.token")
CHECKOUT = "actions/checkout"
UPLOADS = ("actions/upload-artifact", "actions/upload-pages-artifact")
DEPLOY = "actions/deploy-pages"
# The only write permissions any job may hold, and only a job whose steps are the official deploy action.
DEPLOY_WRITE_PERMISSIONS = frozenset({"pages", "id-token"})
MAIN_ONLY = "github.ref == 'refs/heads/main'"
PUBLISH_TRIGGERS: Mapping[str, Any] = {"push": {"branches": ["main"]}}
SITE_DIR = "site"
BUILD_COMMAND = "make build"

Workflow = Mapping[Any, Any]
Step = Mapping[str, Any]


# --- reading a workflow -------------------------------------------------------------------------------------


def parse(text: str) -> Workflow:
    workflow = yaml.safe_load(text)
    assert isinstance(workflow, dict), "a workflow is a mapping"
    return workflow


def triggers(workflow: Workflow) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on) if isinstance(on, dict) else {}


def jobs(workflow: Workflow) -> dict[str, Mapping[str, Any]]:
    return dict(workflow.get("jobs") or {})


def action(step: Step) -> str:
    return str(step.get("uses", "")).split("@", 1)[0]


def steps(job: Mapping[str, Any]) -> list[Step]:
    return list(job.get("steps") or [])


def all_steps(workflow: Workflow) -> Iterator[tuple[str, Step]]:
    for name, job in jobs(workflow).items():
        for step in steps(job):
            yield name, step


def strings(value: Any) -> Iterator[str]:
    """Every key and value in the parsed workflow (comments are not part of it)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def runs_pull_requests(workflow: Workflow) -> bool:
    return "pull_request" in triggers(workflow)


def deploys(workflow: Workflow) -> bool:
    return any(action(step) == DEPLOY for _, step in all_steps(workflow))


# --- the rules ----------------------------------------------------------------------------------------------


def no_privileged_triggers(workflow: Workflow) -> list[str]:
    found = triggers(workflow)
    return [f"trigger {name} runs pull-request code with write access" for name in PRIVILEGED_TRIGGERS if name in found]


def read_only_by_default(workflow: Workflow) -> list[str]:
    permissions = workflow.get("permissions")
    return [] if permissions == {"contents": "read"} else [f"workflow permissions are {permissions!r}"]


def writes_only_to_deploy(workflow: Workflow) -> list[str]:
    problems = []
    for name, job in jobs(workflow).items():
        permissions = job.get("permissions", {})
        if not isinstance(permissions, Mapping):
            problems.append(f"job {name}: permissions {permissions!r} instead of a list of scopes")
            continue
        writes = {scope for scope, level in permissions.items() if level == "write"}
        if not writes:
            continue
        if runs_pull_requests(workflow):
            problems.append(f"job {name}: write permissions {sorted(writes)} in a pull-request workflow")
        elif writes - DEPLOY_WRITE_PERMISSIONS or {action(step) for step in steps(job)} != {DEPLOY}:
            problems.append(f"job {name}: write permissions {sorted(writes)} outside a deploy-only job")
    return problems


def checkouts_keep_no_credentials(workflow: Workflow) -> list[str]:
    return [
        f"job {name}: {CHECKOUT} without persist-credentials: false"
        for name, step in all_steps(workflow)
        if action(step) == CHECKOUT and (step.get("with") or {}).get("persist-credentials") is not False
    ]


def no_credentials_for_pull_requests(workflow: Workflow) -> list[str]:
    if not runs_pull_requests(workflow):
        return []
    passed_on = [f"job {name}: passes secrets on" for name, job in jobs(workflow).items() if "secrets" in job]
    return passed_on + [
        f"{expression} used in a pull-request workflow: {text.strip()!r}"
        for text in strings(workflow)
        for expression in CREDENTIAL_EXPRESSIONS
        if expression in text.replace(" ", "")
    ]


def uploads_only_the_built_site(workflow: Workflow) -> list[str]:
    problems = []
    for name, job in jobs(workflow).items():
        built = False
        for step in steps(job):
            built = built or BUILD_COMMAND in str(step.get("run", ""))
            if action(step) not in UPLOADS:
                continue
            path = (step.get("with") or {}).get("path")
            if path != SITE_DIR:
                problems.append(f"job {name}: {action(step)} uploads {path!r}, not {SITE_DIR!r}")
            if not built:
                problems.append(f"job {name}: {action(step)} before any step runs `{BUILD_COMMAND}`")
            if runs_pull_requests(workflow) and "success()" not in str(step.get("if", "")):
                problems.append(f"job {name}: {action(step)} not limited to success()")
    return problems


def publishes_only_from_main(workflow: Workflow) -> list[str]:
    if not deploys(workflow):
        return []
    problems = [] if triggers(workflow) == PUBLISH_TRIGGERS else [f"publishes on {sorted(triggers(workflow))}"]
    return problems + [
        f"job {name}: runs without `if: {MAIN_ONLY}`"
        for name, job in jobs(workflow).items()
        if MAIN_ONLY not in str(job.get("if", ""))
    ]


RULES: tuple[Callable[[Workflow], list[str]], ...] = (
    no_privileged_triggers,
    read_only_by_default,
    writes_only_to_deploy,
    checkouts_keep_no_credentials,
    no_credentials_for_pull_requests,
    uploads_only_the_built_site,
    publishes_only_from_main,
)


def problems(text: str) -> list[str]:
    workflow = parse(text)
    return [problem for rule in RULES for problem in rule(workflow)]


# --- the repository's workflows -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_workflow_follows_every_rule(path: Path) -> None:
    assert problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("file", "runs_on_pull_requests", "publishes"),
    [("ci.yml", True, False), ("pages.yml", False, True)],
)
def test_workflow_has_its_role(file: str, runs_on_pull_requests: bool, publishes: bool) -> None:
    """The rules above only bite if the workflows are the ones they are written for."""
    workflow = parse((WORKFLOWS_DIR / file).read_text(encoding="utf-8"))
    assert runs_pull_requests(workflow) is runs_on_pull_requests
    assert deploys(workflow) is publishes
    assert any(action(step) in UPLOADS for _, step in all_steps(workflow))


# --- each rule catches what it is for -----------------------------------------------------------------------

GOOD_CI = """\
on: [pull_request]
permissions: {contents: read}
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with: {persist-credentials: false}
      - run: make build
      - uses: actions/upload-artifact@v4
        if: success()
        with: {path: site}
"""

GOOD_PAGES = """\
on: {push: {branches: [main]}}
permissions: {contents: read}
jobs:
  build:
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with: {persist-credentials: false}
      - run: make build
      - uses: actions/upload-pages-artifact@v3
        with: {path: site}
  deploy:
    if: github.ref == 'refs/heads/main'
    needs: build
    runs-on: ubuntu-24.04
    permissions: {pages: write, id-token: write}
    steps:
      - uses: actions/deploy-pages@v4
"""


def test_good_examples_pass() -> None:
    assert problems(GOOD_CI) == []
    assert problems(GOOD_PAGES) == []


@pytest.mark.parametrize(
    ("base", "change", "expected"),
    [
        (GOOD_CI, ("on: [pull_request]", "on: [pull_request_target]"), "trigger pull_request_target"),
        (GOOD_CI, ("on: [pull_request]", "on: [pull_request, workflow_run]"), "trigger workflow_run"),
        (GOOD_CI, ("permissions: {contents: read}", "permissions: write-all"), "workflow permissions are"),
        (GOOD_CI, ("permissions: {contents: read}\n", ""), "workflow permissions are None"),
        (
            GOOD_CI,
            ("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    permissions: {contents: write}"),
            "write permissions ['contents'] in a pull-request workflow",
        ),
        (GOOD_CI, ("with: {persist-credentials: false}", "with: {fetch-depth: 0}"), "without persist-credentials"),
        (
            GOOD_CI,
            ("with: {persist-credentials: false}", "with: {persist-credentials: 'false'}"),
            "without persist-credentials",
        ),
        (
            GOOD_CI,
            ("      - run: make build", "      - run: make build\n        env: {T: '${{ secrets.TOKEN }}'}"),
            "secrets. used",
        ),
        (
            GOOD_CI,
            ("      - run: make build", "      - run: make build\n        env: {T: '${{ github.token }}'}"),
            "github.token used",
        ),
        (
            GOOD_CI,
            ("    runs-on: ubuntu-24.04\n", "    uses: ./.github/workflows/build.yml\n    secrets: inherit\n"),
            "job test: passes secrets on",
        ),
        (GOOD_CI, ("with: {path: site}", "with: {path: .}"), "uploads '.', not 'site'"),
        (GOOD_CI, ("run: make build", "run: echo no build"), "before any step runs `make build`"),
        (GOOD_CI, ("if: success()", "if: always()"), "not limited to success()"),
        (
            GOOD_PAGES,
            ("on: {push: {branches: [main]}}", "on: {push: {branches: [main]}, workflow_dispatch: null}"),
            "publishes on ['push', 'workflow_dispatch']",
        ),
        (GOOD_PAGES, ("on: {push: {branches: [main]}}", "on: [push]"), "publishes on ['push']"),
        (
            GOOD_PAGES,
            ("  deploy:\n    if: github.ref == 'refs/heads/main'\n", "  deploy:\n"),
            "job deploy: runs without",
        ),
        (GOOD_PAGES, ("  build:\n    if: github.ref == 'refs/heads/main'\n", "  build:\n"), "job build: runs without"),
        (
            GOOD_PAGES,
            ("permissions: {pages: write, id-token: write}", "permissions: {pages: write, contents: write}"),
            "write permissions ['contents', 'pages'] outside a deploy-only job",
        ),
        (
            GOOD_PAGES,
            ("      - uses: actions/deploy-pages@v4", "      - run: make build\n      - uses: actions/deploy-pages@v4"),
            "outside a deploy-only job",
        ),
    ],
)
def test_rule_catches(base: str, change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in base, "the example must contain the text the case replaces"
    found = problems(base.replace(old, new, 1))
    assert any(expected in problem for problem in found), found
