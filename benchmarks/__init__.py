"""Client cost per operation of mongodb_rest, raw PyMongo and peer ODMs, measured side by side."""
