"""gunicorn's own log lines (errors and the access log) in the app's format: JSON with message_sid.

gunicorn.conf.py names this class as ``logger_class``. Instead of gunicorn's handlers, its two loggers
propagate to the root handler that ``app.logs.configure_logging`` installs, so the app, the access log
and gunicorn's messages share one format, one stream and the MessageSid context.
"""
from __future__ import annotations

from gunicorn.config import Config
from gunicorn.glogging import Logger

from app.config import get_settings
from app.logs import configure_logging


class JsonLogger(Logger):
    def setup(self, cfg: Config) -> None:
        super().setup(cfg)
        configure_logging(get_settings())
        for log in (self.error_log, self.access_log):
            for handler in list(log.handlers):
                log.removeHandler(handler)
            log.propagate = True
