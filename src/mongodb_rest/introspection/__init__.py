"""What a database holds: field types sampled from stored documents (``schema``), and Document classes
written from them (``models``), for ``mongodb_inspect``."""
