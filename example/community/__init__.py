"""Users, posts and places of a small community, as documents and their API."""
