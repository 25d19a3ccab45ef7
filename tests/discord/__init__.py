"""Tests of the Discord front door: real discord.py objects from recorded payloads, no network."""
