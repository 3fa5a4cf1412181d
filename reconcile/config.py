"""Configuration files: where they are, what they may say, and what they say.

A project keeps its settings in ``[tool.reconcile]`` of ``pyproject.toml`` or at the top
level of ``reconcile.toml``. The file is found by walking up from the working directory;
the nearest directory that has one wins, and nothing is merged across directories. In a
directory with both, ``reconcile.toml`` wins: a file named for the tool is the more
deliberate choice (as with ruff's ``ruff.toml``).

Keys are the long option names of the commands (``fail-on``, ``vocab``, ``num-perm``...).
Every key is checked here, before any command runs: an unknown key or a value of the
wrong type is a `ConfigError` naming the file and the key (and the closest known key).
Paths are relative to the config file's directory and come out absolute, so a setting
means the same thing from any working directory.

Pure functions over plain data, apart from reading the file; the command line turns
the result into click's ``default_map`` so that options given on the command line win.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping

from rapidfuzz import process

from .errors import ReconcileError
from .render import FORMATS
from .settings import ENGINES

import sys
from types import ModuleType


def _toml_reader() -> ModuleType | None:
    """tomllib (Python 3.11+), or tomli, a dependency on 3.10."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    try:  # pragma: no cover - Python 3.10
        import tomli

        return tomli
    except ModuleNotFoundError:  # pragma: no cover
        return None


_toml = _toml_reader()

CONFIG_NAMES = ("reconcile.toml", "pyproject.toml")  # in one directory, the first wins
PYPROJECT_TABLE = ("tool", "reconcile")
FAIL_LEVELS = ("error", "warning", "info", "never")

Kind = Literal["str", "strs", "int", "float", "bool", "choice", "path", "paths", "location", "table"]


class ConfigError(ReconcileError):
    """A config file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Key:
    """One setting a config file may hold: the long option name it shares with the
    command line, the kind of value it takes, and its bounds.

    kinds: path and paths are files relative to the config file (paths: a list);
    location is a path or a ``redis://`` address, left as it is."""

    name: str
    kind: Kind
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


KEYS: dict[str, Key] = {
    k.name: k
    for k in (
        Key("fail-on", "choice", choices=FAIL_LEVELS),
        Key("exit-zero", "bool"),
        Key("format", "choice", choices=FORMATS),
        Key("width", "int", minimum=40),
        Key("show-agreements", "bool"),
        Key("passages", "bool"),
        Key("exclude", "strs"),
        Key("select", "strs"),
        Key("ignore", "strs"),
        Key("severity", "table"),
        Key("per-file-ignores", "table"),
        Key("vocab", "paths"),
        Key("baseline", "path"),
        Key("against", "location"),
        Key("encoding", "str"),
        Key("max-bytes", "int", minimum=1),
        Key("shingle-size", "int", minimum=1, maximum=12),
        Key("num-perm", "int", minimum=16, maximum=1024),
        Key("seed", "int"),
        Key("min-similarity", "float", minimum=0.0, maximum=1.0),
        Key("jobs", "int", minimum=0),
        Key("engine", "choice", choices=ENGINES),
        Key("scheduler", "str"),
    )
}


@dataclass(frozen=True)
class Config:
    """The settings one config file gives, by long option name, checked and with paths
    made absolute. `path` is None when no config file was found."""

    path: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)


def find_config_file(start: str | os.PathLike) -> Path | None:
    """The nearest config file at or above `start`: ``reconcile.toml``, or a
    ``pyproject.toml`` that has a ``[tool.reconcile]`` table (one without it is passed by)."""
    here = Path(start).resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name == "reconcile.toml" or _table(_parse(candidate), candidate) is not None:
                return candidate
    return None


def load_config(start: str | os.PathLike = ".", explicit: str | os.PathLike | None = None) -> Config:
    """The configuration a run uses: the `explicit` file when given (``--config``), else
    the nearest one found from `start`, else none at all."""
    path = Path(explicit) if explicit is not None else find_config_file(start)
    if path is None:
        return Config()
    return read_config_file(path)


def read_config_file(path: str | os.PathLike) -> Config:
    """Read and check one config file."""
    path = Path(path)
    table = _table(_parse(path), path)
    if table is None:
        if path.name == "pyproject.toml":
            raise ConfigError(f"{path}: no [tool.reconcile] table in it")
        table = {}
    resolved = path.resolve()
    return Config(str(resolved), check_values(table, str(resolved), resolved.parent))


def check_values(table: Mapping[str, Any], source: str, base: Path) -> dict[str, Any]:
    """Each key checked against `KEYS`, values checked for kind and bounds, paths made
    absolute against `base`. Raises ConfigError for the first key that is wrong."""
    values = {}
    for name, raw in table.items():
        key = KEYS.get(name)
        if key is None:
            raise ConfigError(unknown_key_message(name, source))
        values[name] = check_value(key, raw, source, base)
    return values


def unknown_key_message(name: str, source: str) -> str:
    hint = closest_key(name)
    suggestion = f"; did you mean '{hint}'?" if hint else f"; known keys: {', '.join(sorted(KEYS))}"
    return f"{source}: unknown key {name!r}{suggestion}"


def closest_key(name: str) -> str | None:
    """The known key a mistyped one most likely meant (``fail_on`` -> ``fail-on``)."""
    match = process.extractOne(name.replace("_", "-").lower(), list(KEYS), score_cutoff=60)
    return match[0] if match else None


def check_value(key: Key, raw: Any, source: str, base: Path) -> Any:
    """`raw` as the setting `key` takes it, or a ConfigError saying what was expected."""

    def wrong(expected: str) -> ConfigError:
        return ConfigError(f"{source}: '{key.name}' must be {expected}, not {raw!r}")

    if key.kind == "bool":
        if not isinstance(raw, bool):
            raise wrong("true or false")
        return raw
    if key.kind in ("int", "float"):
        number_types = (int,) if key.kind == "int" else (int, float)
        noun = "an integer" if key.kind == "int" else "a number"
        if isinstance(raw, bool) or not isinstance(raw, number_types) or not math.isfinite(raw):
            raise wrong(noun + _bounds(key))
        if (key.minimum is not None and raw < key.minimum) or (key.maximum is not None and raw > key.maximum):
            raise wrong(noun + _bounds(key))
        return float(raw) if key.kind == "float" else raw
    if key.kind == "strs":
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            raise wrong("a list of strings")
        return list(items)
    if key.kind == "table":
        # {"alias" = "warning"} or {"archive/*" = ["caption", "date"]}: as the command line
        # takes them, KEY=VALUE[,VALUE...] one an item.
        if not isinstance(raw, Mapping) or not all(
            isinstance(v, str) or (isinstance(v, list) and all(isinstance(i, str) for i in v)) for v in raw.values()
        ):
            raise wrong("a table of strings or lists of strings")
        return [f"{k}={v if isinstance(v, str) else ','.join(v)}" for k, v in raw.items()]
    if key.kind == "paths":
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            raise wrong("a list of file paths")
        resolved = [_resolve(i, base) for i in items]
        for item, path in zip(items, resolved):
            if not os.path.isfile(path):
                raise ConfigError(
                    f"{source}: '{key.name}' file {item!r} not found "
                    f"(looked for {path if path.isprintable() else repr(path)}; "
                    "paths are relative to the config file)"
                )
        return resolved
    if not isinstance(raw, str) or not raw:
        raise wrong("a file path" if key.kind in ("path", "location") else "a string")
    if key.kind == "choice" and raw not in key.choices:
        raise wrong("one of " + ", ".join(key.choices))
    if key.kind == "path" or (key.kind == "location" and "://" not in raw):
        return _resolve(raw, base)
    return raw


def _bounds(key: Key) -> str:
    if key.minimum is not None and key.maximum is not None:
        return f" from {_num(key.minimum)} to {_num(key.maximum)}"
    if key.minimum is not None:
        return f" of at least {_num(key.minimum)}"
    return ""


def _num(value: float) -> str:
    return f"{value:g}"


def _resolve(value: str, base: Path) -> str:
    return os.path.normpath(base / Path(value).expanduser())


def _parse(path: Path) -> dict[str, Any]:
    if _toml is None:  # pragma: no cover - Python 3.10 without tomli
        raise ConfigError(f"{path}: reading config files needs Python 3.11 or the tomli package")
    try:
        with open(path, "rb") as handle:
            return _toml.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it ({error.strerror or error})") from error
    except _toml.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from error


def _table(document: Mapping[str, Any], path: Path) -> Mapping[str, Any] | None:
    """The reconcile settings in a parsed file: ``[tool.reconcile]`` of a pyproject.toml
    (None when it has none), the whole document otherwise."""
    if path.name != "pyproject.toml":
        return document
    table: Any = document
    for part in PYPROJECT_TABLE:
        if not isinstance(table, Mapping) or part not in table:
            return None
        table = table[part]
    if not isinstance(table, Mapping):
        raise ConfigError(f"{path}: [tool.reconcile] must be a table of settings")
    return table


__all__ = [
    "CONFIG_NAMES",
    "FAIL_LEVELS",
    "KEYS",
    "Config",
    "ConfigError",
    "Key",
    "check_value",
    "check_values",
    "closest_key",
    "find_config_file",
    "load_config",
    "read_config_file",
]
