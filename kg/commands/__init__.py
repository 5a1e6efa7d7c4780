"""Subcommands of the ``kg`` command line, one module each, loaded only when used.

Each module defines ``command``, a :class:`click.Command`; :mod:`kg.cli` lists
them in ``LAZY_COMMANDS``.
"""
