"""PDF output with reportlab and the bundled, embedded Song typeface."""
