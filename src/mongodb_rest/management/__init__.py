"""Django management commands of mongodb_rest."""
