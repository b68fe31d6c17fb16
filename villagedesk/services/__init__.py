"""Use cases: one function per user action, called by both the CLI and the window.

Services take a `Session` (the open desk) and plain values, return plain data (dicts
ready for JSON) and raise `UserError` for anything the user must fix.
"""
