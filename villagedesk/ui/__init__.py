"""The window: a thin PySide6 face on villagedesk.services (nothing else imports Qt)."""
