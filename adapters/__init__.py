"""Adapters: console, Slack and Discord front doors, settings, wiring and the CLI."""
