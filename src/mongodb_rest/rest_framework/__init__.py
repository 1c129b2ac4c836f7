"""Django REST Framework integration: serializers and fields for documents."""
