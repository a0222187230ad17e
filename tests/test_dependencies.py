"""Every third-party import is declared, in the set its folder may use.

pyproject.toml declares three sets: runtime ([project] dependencies), sandbox
and dev (optional dependencies). Production code (plugins/, dags/) may import
only runtime distributions, sandbox/ runtime and sandbox ones, and tests,
benchmarks, chaos and the demo anything declared. requirements.txt mirrors the
runtime set and constraints.txt pins every set; both are checked against
pyproject.toml here, so that no list drifts from the one that is edited.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SETS_BY_FOLDER = {
    "plugins": ("runtime",),
    "dags": ("runtime",),
    "sandbox": ("runtime", "sandbox"),
    "tests": ("runtime", "sandbox", "dev"),
    "bench": ("runtime", "sandbox", "dev"),
    "chaos": ("runtime", "sandbox", "dev"),
    "demo": ("runtime", "sandbox", "dev"),
    "harness": ("runtime", "sandbox", "dev"),
}
# Imported only to build Airflow 2's connection form, where Airflow's FAB provider
# brings them; Airflow 3 reads the form from the provider info instead.
HOST_OPTIONAL = {"flask_appbuilder", "flask_babel", "wtforms"}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement(line: str) -> tuple[str, str]:
    """(normalized name, exact version) of a ``name==version`` line, comments allowed."""
    text = line.split("#", 1)[0].strip()
    match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)", text)
    assert match, f"not pinned exactly as name==version: {line!r}"
    return normalize(match[1]), match[2]


def declared_sets() -> dict[str, list[str]]:
    extras = PYPROJECT["project"]["optional-dependencies"]
    return {"runtime": PYPROJECT["project"]["dependencies"], "sandbox": extras["sandbox"], "dev": extras["dev"]}


def requirement_lines(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


@cache
def module_owners() -> dict[str, list[str]]:
    return {top: [normalize(d) for d in dists] for top, dists in metadata.packages_distributions().items()}


@cache
def allowed(sets: tuple[str, ...]) -> frozenset[str]:
    """Distributions the sets declare; a declared meta-distribution (no module of
    its own, as apache-airflow) stands for what it requires unconditionally."""
    names = {requirement(line)[0] for name in sets for line in declared_sets()[name]}
    providers = {dist for dists in module_owners().values() for dist in dists}
    for name in list(names):
        if name not in providers:
            requires = metadata.distribution(name).requires or []
            names |= {normalize(re.match(r"[A-Za-z0-9._-]+", r)[0]) for r in requires if ";" not in r}
    return frozenset(names)


@cache
def package_paths(dist: str) -> frozenset[str]:
    """Dotted names of every package and module a distribution installs."""
    paths = set()
    for file in metadata.distribution(dist).files or []:
        if file.suffix == ".py" and ".." not in file.parts:
            parts = list(file.with_suffix("").parts)
            for end in range(1, len(parts) + 1):
                paths.add(".".join(parts[:end]))
    return frozenset(paths)


def distributions_of(module: str) -> list[str]:
    """Distributions that install ``module``: for a namespace shared by several
    (``airflow``: core, task SDK, providers), those holding its longest prefix."""
    owners = module_owners().get(module.split(".")[0], [])
    if len(owners) < 2:
        return owners
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        found = [d for d in owners if prefix in package_paths(d)]
        if found:
            return found
    return owners


def first_party() -> set[str]:
    # The import roots (pyproject's pythonpath): the project root, plugins/ and dags/.
    names = set()
    for folder in (ROOT, ROOT / "plugins", ROOT / "dags"):
        for entry in folder.iterdir():
            if entry.suffix == ".py" or (entry.is_dir() and not entry.name.startswith(".")):
                names.add(entry.stem)
    return names


def third_party_imports(folder: str) -> list[tuple[str, str]]:
    """(module, file:line) of every absolute import of something not in the project or the stdlib."""
    local = first_party()
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in local or top == "__future__":
                    continue
                found.append((module, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


@pytest.mark.parametrize("folder", sorted(SETS_BY_FOLDER))
def test_every_import_is_declared_in_a_set_the_folder_may_use(folder):
    may_use = allowed(SETS_BY_FOLDER[folder])
    wrong = []
    for module, where in third_party_imports(folder):
        if module.split(".")[0] in HOST_OPTIONAL:
            continue
        dists = distributions_of(module)
        if not any(d in may_use for d in dists):
            wrong.append(f"{where}: {module} ({', '.join(dists) or 'no installed distribution'})")
    assert not wrong, f"{folder}/ may use {SETS_BY_FOLDER[folder]}; undeclared there:\n" + "\n".join(wrong)


def test_the_scan_sees_the_imports_it_judges():
    # A scan that found nothing would pass everything.
    modules = {module for module, _ in third_party_imports("plugins")}
    assert {"sqlalchemy", "airflow.providers.http.hooks.http"} <= modules
    assert distributions_of("airflow.providers.http.hooks.http") == ["apache-airflow-providers-http"]
    assert "apache-airflow-core" in allowed(("runtime",))
    assert "sqlglot" not in allowed(("runtime",))


def test_no_distribution_is_declared_twice():
    seen: dict[str, str] = {}
    for name, lines in declared_sets().items():
        for line in lines:
            dist = requirement(line)[0]
            assert dist not in seen, f"{dist} is in both {seen[dist]} and {name}"
            seen[dist] = name


def test_requirements_txt_mirrors_the_runtime_set():
    assert requirement_lines(ROOT / "requirements.txt") == PYPROJECT["project"]["dependencies"]


def test_constraints_pin_every_declared_distribution_at_its_declared_version():
    pins = dict(requirement(line) for line in requirement_lines(ROOT / "constraints.txt"))
    for lines in declared_sets().values():
        for line in lines:
            name, version = requirement(line)
            assert pins.get(name) == version, f"{line}: constraints.txt has {pins.get(name)} (make lock)"


def test_the_installed_versions_are_the_pinned_ones():
    for lines in declared_sets().values():
        for line in lines:
            name, version = requirement(line)
            assert metadata.version(name) == version, line
