"""Typed errors that the command line turns into one clear line and exit code 2."""


class ReconcileError(Exception):
    """Base class of every error reconcile raises on purpose."""


class InputError(ReconcileError):
    """An input could not be read; the message names the file and what to do."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class SettingsError(ReconcileError):
    """Options or stored signatures that cannot be used together."""
