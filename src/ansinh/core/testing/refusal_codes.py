"""Every refusal code the services can raise, read from the source (AST): the first argument (or `code=`) of a
call to ApplicationError, InvalidInput, Forbidden, Conflict or any project class derived from them, where it is a
string literal; NotFound is always "not_found" and FileErrors "file_invalid". Used by the test that each code has
a sentence in Vietnamese and English (web/tests/test_refusal_sentences.py)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import ansinh

BASES = {"ApplicationError", "InvalidInput", "Forbidden", "Conflict", "NotFound", "FileErrors"}
FIXED = {"NotFound": "not_found", "FileErrors": "file_invalid"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def source_files() -> list[Path]:
    root = Path(ansinh.__file__).parent
    return [p for p in sorted(root.rglob("*.py"))
            if "tests" not in p.parts and "testing" not in p.parts and "migrations" not in p.parts]


def refusal_classes(files: list[Path]) -> set[str]:
    """The error classes: the core ones and every class deriving from one (a few rounds, for chains)."""
    classes = set(BASES)
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in files]
    for _round in range(3):
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and any(_name(b) in classes for b in node.bases):
                    classes.add(node.name)
    return classes


def raised_codes() -> dict[str, list[str]]:
    """code → ["path:line", ...] of every place that raises it."""
    files = source_files()
    classes = refusal_classes(files)
    root = Path(ansinh.__file__).parent.parent
    found: dict[str, list[str]] = defaultdict(list)
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls_node in ast.walk(tree):  # class JobRunning(Conflict): super().__init__("job_running", …)
            if isinstance(cls_node, ast.ClassDef) and cls_node.name in classes - BASES:
                for call in ast.walk(cls_node):
                    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                            and call.func.attr == "__init__" and isinstance(call.func.value, ast.Call)
                            and _name(call.func.value.func) == "super" and call.args
                            and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
                        found[call.args[0].value].append(f"{path.relative_to(root)}:{call.lineno}")
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) in classes):
                continue
            cls = _name(node.func)
            where = f"{path.relative_to(root)}:{node.lineno}"
            if cls in FIXED:
                found[FIXED[cls]].append(where)
                continue
            code = next((k.value for k in node.keywords if k.arg == "code"), None)
            if code is None and node.args:
                code = node.args[0]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                found[code.value].append(where)
    return dict(found)
