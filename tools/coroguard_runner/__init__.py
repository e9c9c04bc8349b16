"""run-coroguard: coroguard's checks over a compile database, for CI (docs/run-coroguard.md)."""
