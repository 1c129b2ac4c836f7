"""adrf's async generic views for documents: the async face, ``id`` lookups, 404 for malformed ids."""

from __future__ import annotations

from adrf import generics

from .idempotency import AsyncIdempotentCreateMixin
from .viewsets import DocumentViewMixin


class GenericAPIView(DocumentViewMixin, generics.GenericAPIView):
    """adrf's GenericAPIView for documents."""


class CreateAPIView(AsyncIdempotentCreateMixin, DocumentViewMixin, generics.CreateAPIView):
    """POST creates a document (honouring ``Idempotency-Key``)."""


class ListAPIView(DocumentViewMixin, generics.ListAPIView):
    """GET lists documents."""


class RetrieveAPIView(DocumentViewMixin, generics.RetrieveAPIView):
    """GET shows one document."""


class DestroyAPIView(DocumentViewMixin, generics.DestroyAPIView):
    """DELETE deletes one document."""


class UpdateAPIView(DocumentViewMixin, generics.UpdateAPIView):
    """PUT and PATCH update one document."""


class ListCreateAPIView(AsyncIdempotentCreateMixin, DocumentViewMixin, generics.ListCreateAPIView):
    """GET lists documents, POST creates one (honouring ``Idempotency-Key``)."""


class RetrieveUpdateAPIView(DocumentViewMixin, generics.RetrieveUpdateAPIView):
    """GET, PUT and PATCH on one document."""


class RetrieveDestroyAPIView(DocumentViewMixin, generics.RetrieveDestroyAPIView):
    """GET and DELETE on one document."""


class RetrieveUpdateDestroyAPIView(DocumentViewMixin, generics.RetrieveUpdateDestroyAPIView):
    """GET, PUT, PATCH and DELETE on one document."""
