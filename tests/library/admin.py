"""The library's documents in Django's admin: one registered with the decorator, one the Django way."""

from __future__ import annotations

from typing import Any

from mongodb_rest.contrib import admin

from .documents import Author, Book


@admin.register(Book)
class BookAdmin(admin.DocumentAdmin):
    list_display = ("title", "author", "genre", "in_print", "pages", "added_at", "short_tags")
    list_filter = ("genre", "in_print", "added_at")
    search_fields = ("title", "=isbn")
    ordering = ("title",)
    list_per_page = 5
    readonly_fields = ("details",)

    @admin.display(description="Tags")
    def short_tags(self, book: Any) -> str:
        return ", ".join(book.tags[:2])


admin.site.register(Author, admin.DocumentAdmin, list_display=("name", "email"), search_fields=("name",))
