"""The clinic's web server (WEB_PORT, 8080): demo page with the chat widget at /, staff console at /staff."""
