"""Command-line interface: the only place where pipeline stages are wired together."""
