"""Config files: found by walking up, checked key by key, paths relative to the file."""

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.config import KEYS, Config, ConfigError, check_value, closest_key, find_config_file, load_config, read_config_file


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_file_anywhere_gives_no_settings(tmp_path):
    assert load_config(tmp_path) == Config()


def test_the_nearest_config_file_wins_and_nothing_is_merged_from_further_up(tmp_path):
    write(tmp_path / "reconcile.toml", 'fail-on = "error"\nseed = 7\n')
    nearer = write(tmp_path / "desk" / "reconcile.toml", 'fail-on = "warning"\n')
    start = tmp_path / "desk" / "stories" / "2013"
    start.mkdir(parents=True)
    config = load_config(start)
    assert config.path == str(nearer)
    assert config.values == {"fail-on": "warning"}


def test_reconcile_toml_wins_over_pyproject_in_the_same_directory(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.reconcile]\nfail-on = "info"\n')
    chosen = write(tmp_path / "reconcile.toml", 'fail-on = "error"\n')
    assert find_config_file(tmp_path) == chosen


def test_a_pyproject_without_a_reconcile_table_is_passed_by(tmp_path):
    parent = write(tmp_path / "pyproject.toml", "[tool.reconcile]\nnum-perm = 64\n")
    write(tmp_path / "app" / "pyproject.toml", '[project]\nname = "app"\n')
    assert find_config_file(tmp_path / "app") == parent
    assert load_config(tmp_path / "app").values == {"num-perm": 64}


def test_pyproject_settings_are_read_from_tool_reconcile(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[tool.reconcile]\nformat = "sarif"\nexit-zero = true\n')
    assert read_config_file(path).values == {"format": "sarif", "exit-zero": True}


def test_an_explicit_file_is_used_instead_of_discovery(tmp_path):
    write(tmp_path / "reconcile.toml", "seed = 1\n")
    other = write(tmp_path / "ci" / "strict.toml", 'fail-on = "info"\n')
    assert load_config(tmp_path, explicit=other).values == {"fail-on": "info"}


def test_an_unknown_key_names_the_key_the_file_and_the_closest_known_key(tmp_path):
    path = write(tmp_path / "reconcile.toml", 'fail_on = "error"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message and "'fail_on'" in message and "did you mean 'fail-on'" in message


def test_an_unknown_key_far_from_any_known_one_lists_the_known_keys(tmp_path):
    write(tmp_path / "reconcile.toml", "zzzzzz = 1\n")
    with pytest.raises(ConfigError, match="known keys: against, baseline"):
        load_config(tmp_path)


def test_closest_key_forgives_underscores_and_typos():
    assert closest_key("num_perm") == "num-perm"
    assert closest_key("shingle-sise") == "shingle-size"


@pytest.mark.parametrize(
    "line, expected",
    [
        ('num-perm = "64"', "'num-perm' must be an integer from 16 to 1024, not '64'"),
        ("num-perm = 8", "'num-perm' must be an integer from 16 to 1024, not 8"),
        ("num-perm = true", "'num-perm' must be an integer"),
        ("min-similarity = 1.5", "'min-similarity' must be a number from 0 to 1, not 1.5"),
        ('show-agreements = "yes"', "'show-agreements' must be true or false, not 'yes'"),
        ('fail-on = "fatal"', "'fail-on' must be one of error, warning, info, never, not 'fatal'"),
        ('format = "pdf"', "'format' must be one of text, json"),
        ("vocab = [1, 2]", "'vocab' must be a list of file paths"),
        ("baseline = 3", "'baseline' must be a file path, not 3"),
    ],
)
def test_a_value_of_the_wrong_kind_is_an_error_naming_the_key_and_the_file(tmp_path, line, expected):
    path = write(tmp_path / "reconcile.toml", line + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(f"{path}: ")
    assert expected in str(caught.value)


def test_a_float_key_takes_an_integer_as_a_number(tmp_path):
    write(tmp_path / "reconcile.toml", "min-similarity = 1\n")
    assert load_config(tmp_path).values == {"min-similarity": 1.0}


def test_paths_are_relative_to_the_config_file_not_the_working_directory(tmp_path):
    write(tmp_path / "vocab" / "names.txt", "Sergei\n")
    write(tmp_path / "reconcile.toml", 'vocab = ["vocab/names.txt"]\nbaseline = "ci/baseline.json"\nagainst = "archive/stories.sqlite"\n')
    config = load_config(tmp_path / "vocab")
    assert config.values["vocab"] == [str(tmp_path / "vocab" / "names.txt")]
    assert config.values["baseline"] == str(tmp_path / "ci" / "baseline.json")
    assert config.values["against"] == str(tmp_path / "archive" / "stories.sqlite")


def test_a_single_vocab_path_is_read_as_a_list_of_one(tmp_path):
    write(tmp_path / "names.txt", "Sergei\n")
    write(tmp_path / "reconcile.toml", 'vocab = "names.txt"\n')
    assert load_config(tmp_path).values["vocab"] == [str(tmp_path / "names.txt")]


def test_a_missing_vocab_file_is_named_with_where_it_was_looked_for(tmp_path):
    write(tmp_path / "reconcile.toml", 'vocab = ["gone.txt"]\n')
    with pytest.raises(ConfigError, match="'gone.txt' not found .*relative to the config file"):
        load_config(tmp_path)


def test_a_redis_archive_address_is_kept_as_written(tmp_path):
    write(tmp_path / "reconcile.toml", 'against = "redis://127.0.0.1:6379/2"\n')
    assert load_config(tmp_path).values["against"] == "redis://127.0.0.1:6379/2"


def test_invalid_toml_is_an_error_naming_the_file(tmp_path):
    path = write(tmp_path / "reconcile.toml", "fail-on = \n")
    with pytest.raises(ConfigError, match=f"^{path}: not valid TOML"):
        load_config(tmp_path)


def test_a_tool_reconcile_that_is_not_a_table_is_an_error(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool]\nreconcile = "strict"\n')
    with pytest.raises(ConfigError, match=r"\[tool.reconcile\] must be a table"):
        load_config(tmp_path)


def test_an_explicit_pyproject_without_a_reconcile_table_is_an_error(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"no \[tool.reconcile\] table"):
        load_config(tmp_path, explicit=path)


def test_an_explicit_file_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read it"):
        load_config(tmp_path, explicit=tmp_path / "missing.toml")


def test_every_key_is_a_long_option_name():
    for name in KEYS:
        assert name == name.lower() and "_" not in name and not name.startswith("-")


def test_discovery_starts_from_the_working_directory_by_default(tmp_path, monkeypatch):
    path = write(tmp_path / "reconcile.toml", "seed = 3\n")
    monkeypatch.chdir(tmp_path)
    assert load_config().path == str(path) or os.path.samefile(load_config().path, path)


toml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
).filter(lambda v: v is not None)


@given(key=st.sampled_from(sorted(KEYS)), value=toml_values | st.lists(st.text(), max_size=2))
@settings(max_examples=300, deadline=None)
def test_any_value_is_taken_or_refused_in_one_line_naming_the_key(tmp_path_factory, key, value):
    base = tmp_path_factory.getbasetemp()
    try:
        check_value(KEYS[key], value, "cfg.toml", base)
    except ConfigError as error:
        message = str(error)
        assert message.startswith("cfg.toml: ") and f"'{key}'" in message
        assert "\n" not in message


def _limits(param_type) -> tuple:
    """What a click type allows, comparable across commands: choices, or (min, max)."""
    import click

    if isinstance(param_type, click.Choice):
        return tuple(param_type.choices)
    if isinstance(param_type, (click.IntRange, click.FloatRange)):
        return (param_type.min, param_type.max)
    return ()


def test_every_option_a_config_key_sets_has_the_keys_bounds_on_the_command_line():
    """One source of truth: a value the config file refuses is refused on the command line
    too, and the other way round, for every command and the diff command's own options."""
    import click

    from reconcile.cli import main
    from reconcile.cli.app import CONFIGURED_COMMANDS, command_at, configured_options, long_name
    from reconcile.cli.options import key_type

    commands = [command_at(path) for path in CONFIGURED_COMMANDS] + [main.commands["diff"]]
    checked = 0
    for command in commands:
        for name, option in configured_options(command).items():
            if KEYS[name].kind in ("int", "float"):
                assert _limits(option.type) == _limits(key_type(name)), (command.name, name)
                checked += 1
            elif KEYS[name].kind == "choice" and command.name != "diff":  # diff has formats of its own
                # a command may refuse some choices (overlaps writes no SARIF), never take more
                assert set(_limits(option.type)) <= set(_limits(key_type(name))), (command.name, name)
                checked += 1
    assert checked >= 20
    diff_options = {long_name(p) for p in main.commands["diff"].params if isinstance(p, click.Option)}
    assert {"encoding", "published", "max-bytes"} <= diff_options


def test_the_config_page_lists_every_key_with_the_commands_that_take_it():
    """docs/config.md's table is what a user reads: it must say what the code does."""
    import re
    from pathlib import Path

    from reconcile.cli.app import CONFIGURED_COMMANDS, command_at, configured_options

    taking: dict[str, set[str]] = {}
    for path in CONFIGURED_COMMANDS:
        for name in configured_options(command_at(path)):
            taking.setdefault(name, set()).add(" ".join(path))
    page = (Path(__file__).resolve().parent.parent / "docs" / "config.md").read_text(encoding="utf-8")
    listed = {}
    for line in page.splitlines():
        row = re.match(r"\| `([\w-]+)` \| .* \| ([^|]+) \|$", line)
        if row and row.group(1) in KEYS:
            listed[row.group(1)] = {re.sub(r"\s*\(.*?\)", "", c).strip() for c in row.group(2).split(",")}
    assert set(listed) == set(KEYS)
    assert listed == taking
