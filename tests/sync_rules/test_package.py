"""The package stays pure and every rule it implements has a test named after it."""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "netsuite_ap_sync" / "rules"
TESTS = Path(__file__).resolve().parent
ALLOWED = {
    "__future__",
    "collections",
    "dataclasses",
    "datetime",
    "functools",
    "decimal",
    "enum",
    "hashlib",
    "json",
    "re",
    "typing",
}
OWN = "netsuite_ap_sync.rules"
# Rules this package implements; C1, C2 and C4 (connection check, initial sync, auth) live elsewhere.
IMPLEMENTED = [f"F{n}" for n in range(1, 9)] + ["F4a", "F4b"]
IMPLEMENTED += [f"S{n}" for n in range(1, 9)] + ["C3"] + [f"I{n}" for n in range(1, 6)]


def test_package_imports_only_the_standard_library():
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                # Airflow imports plugin files one by one by file name, so relative imports would fail.
                assert node.level == 0, f"{path.name}: relative import"
                names = [node.module or ""]
            else:
                continue
            for name in names:
                own = name == OWN or name.startswith(OWN + ".")
                assert own or name.split(".")[0] in ALLOWED, f"{path.name} imports {name}"


def test_package_files_load_the_way_airflow_loads_plugin_files():
    for path in sorted(PACKAGE.glob("*.py")):
        name = f"_plugin_probe_{path.stem}"
        loader = importlib.machinery.SourceFileLoader(name, str(path))
        module = importlib.util.module_from_spec(importlib.util.spec_from_loader(name, loader))
        sys.modules[name] = module
        try:
            loader.exec_module(module)
        finally:
            del sys.modules[name]


def test_every_implemented_rule_has_a_test_named_after_it():
    names = set()
    for path in TESTS.glob("test_*.py"):
        names |= set(re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.MULTILINE))
    missing = [rule for rule in IMPLEMENTED if not any(re.search(rf"_{rule}(_|$)", name) for name in names)]
    assert missing == []


def test_rule_index_in_the_package_docstring_names_real_functions():
    import netsuite_ap_sync.rules

    references = re.findall(r"\b([a-z_]+)\.([a-z_0-9]+)\b", netsuite_ap_sync.rules.__doc__ or "")
    assert len(references) > 20
    for module_name, function_name in references:
        module = importlib.import_module(f"netsuite_ap_sync.rules.{module_name}")
        assert hasattr(module, function_name), f"{module_name}.{function_name}"
