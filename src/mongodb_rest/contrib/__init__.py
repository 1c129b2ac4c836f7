"""Django integrations beyond the data layer: the admin (``contrib.admin``) and document permissions."""
