"""Routers for document viewsets: adrf's, which serve DRF's viewsets and async ones alike.

DRF's own ``SimpleRouter`` and ``DefaultRouter`` serve the library's async viewsets too
(``viewsets.action_for`` binds each route to its async action)."""

from adrf.routers import DefaultRouter, SimpleRouter

__all__ = ["DefaultRouter", "SimpleRouter"]
