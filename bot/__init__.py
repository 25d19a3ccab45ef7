"""The conversation core of frontdoor: pure Python, no infrastructure imports."""
