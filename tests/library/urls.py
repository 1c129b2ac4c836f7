"""The library project's URLs: Django's admin site, documents included."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
