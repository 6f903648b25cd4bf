"""Web side of CSV exports: serving signed, expiring download links (see ``app.conversation.export``)."""
