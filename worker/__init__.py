"""The RQ worker process: `python -m worker`. The jobs it runs live in ``app.tasks``."""
