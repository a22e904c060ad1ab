"""Errors a user can understand. Their message is already in the user's language."""


class UserError(Exception):
    """Bad input or a state the user can fix: shown as is, exit code 2 on the command line."""

    exit_code = 2


class DatabaseError(UserError):
    """The database file cannot be used as it is (newer program, not a database, damaged)."""


class ConflictsLeft(UserError):
    """An import that needs a person to resolve conflicts."""

    exit_code = 3
