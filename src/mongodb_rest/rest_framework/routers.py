"""Routers for document viewsets: adrf's, which route async viewsets to their async actions and DRF's
viewsets as DRF does, so one router serves both."""

from adrf.routers import DefaultRouter, SimpleRouter

__all__ = ["DefaultRouter", "SimpleRouter"]
