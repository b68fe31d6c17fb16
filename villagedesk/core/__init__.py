"""The rules of the domain in pure Python: no Qt, no database, no files of its own.

Callers hand core the data it needs (tables, rows, items); core answers.
"""
