"""The one kind of error that ends a run early: a problem with what the user gave us."""


class InputError(Exception):
    """A usage error, a bad compile database, baseline or SARIF file, or an unusable plugin.

    run-coroguard prints it as one line, `run-coroguard: <message>`, and exits with status 2.
    """
