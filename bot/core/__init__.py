"""The message path: text, language, emergency, matching, places, hours, rendering.

No network, database or settings here: data in, data out, so the command line, the
console and Telegram give the same answer to the same message.
"""
