"""One page per job, shown on the right of the main window."""
