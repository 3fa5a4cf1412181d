"""Command line: turns arguments and the config file into options, calls the library, hands
the report to a renderer. Reports go to stdout; warnings, errors, status lines and
progress go to stderr, one line each.

Settings come from, in order of precedence: the command line, the nearest config file
(`reconcile.config`; `reconcile config` shows which and where each came from), the
defaults. The config file becomes click's ``default_map``, so every option reads it the
same way and an option given on the command line always wins.

Exit codes: 0 nothing at or above --fail-on (or --exit-zero, or --write-baseline), 1
findings at or above it, 2 usage, config, archive, baseline or input errors (the readable
inputs are still analysed and reported first). --exit-zero affects findings only.
"""

from __future__ import annotations

from . import check, config_command, diff, index, report, review  # noqa: F401  (each registers its commands)
from .app import CONFIGURED_COMMANDS, command_at, configured_options, main
from .index import progress_bar

__all__ = ["CONFIGURED_COMMANDS", "command_at", "configured_options", "main", "progress_bar"]
