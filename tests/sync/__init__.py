# Generated from tests/aio/__init__.py by tools/unasync.py: do not edit.
