"""Conversation flows: each module owns one part of what the bot can do."""
