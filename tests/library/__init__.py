"""A small Django project around documents: the app behind the admin, command and browser tests."""
