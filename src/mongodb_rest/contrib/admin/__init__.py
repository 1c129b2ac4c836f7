"""Documents in Django's admin::

    from mongodb_rest.contrib import admin

    @admin.register(User)
    class UserAdmin(admin.DocumentAdmin):
        list_display = ("name", "email", "is_active")

    admin.site.register(Tag, admin.DocumentAdmin)     # or Django's way; models are accepted too

``admin.site`` is Django's own admin site (taking documents as well), so ``admin.site.urls`` in the URL
conf serves documents and models together.
"""

from django.contrib.admin import display

from .options import DocumentAdmin
from .sites import DocumentSite, register, registered_documents, site

__all__ = ["DocumentAdmin", "DocumentSite", "display", "register", "registered_documents", "site"]
