"""Every environment variable the portal reads is in README's configuration table, and nothing else is."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "home", "providers", "intake")
READERS = {"env_bool", "env_int", "env_list", "get", "getenv"}
# A name built with an f-string, e.g. f"RETENTION_MONTHS_{status.upper()}", is documented with a placeholder.
PLACEHOLDER = "<STATUS>"


def variable_name(node):
    """The variable a call such as ``env_int("X", 1)`` or ``os.environ.get("X")`` reads, if it reads one."""
    if not isinstance(node, ast.Call):
        return None
    if isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "dj_database_url":
        return "DATABASE_URL"  # dj_database_url.config() reads it
    if not node.args:
        return None
    function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    if function not in READERS:
        return None
    if function == "get" and not (isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "environ"):
        return None
    argument = node.args[0]
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    if isinstance(argument, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else PLACEHOLDER for part in argument.values)
    return None


def variables_in_code():
    names = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names |= {name for node in ast.walk(tree) if (name := variable_name(node))}
            names |= {
                node.slice.value
                for node in ast.walk(tree)
                if isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "environ"
                and isinstance(node.slice, ast.Constant)
            }
    return names


def variables_in_readme():
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_<>]*)` \|", section, flags=re.MULTILINE))


def test_every_variable_the_code_reads_is_documented():
    assert sorted(variables_in_code() - variables_in_readme()) == []


def test_the_table_documents_no_variable_the_code_does_not_read():
    assert sorted(variables_in_readme() - variables_in_code()) == []


def test_a_variable_read_with_a_computed_name_is_found():
    tree = ast.parse('env_int(f"RETENTION_MONTHS_{status.upper()}", 6)\nos.environ.get("X", "")')
    assert {variable_name(node) for node in ast.walk(tree)} - {None} == {"RETENTION_MONTHS_<STATUS>", "X"}
