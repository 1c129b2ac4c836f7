"""The community example: a Django + DRF API on MongoDB, served by uvicorn (``python -m example``)."""
