"""Tests of the Slack front door: the real bolt app against a local fake of the Slack Web API."""
