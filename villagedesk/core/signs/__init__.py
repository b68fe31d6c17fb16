"""Signboards at the village office: specs, rule sets, the checker and the village audit.

Pure Python (core layer): rule sets, office details and catalogue rows are handed in.
"""
