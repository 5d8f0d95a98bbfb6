"""Test doubles shared by the tests and the benchmark (a fake Telegram Bot API)."""
