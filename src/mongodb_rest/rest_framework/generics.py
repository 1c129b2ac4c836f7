"""adrf's async generic views for documents: the async face, ``id`` lookups, 404 for malformed ids;
the views of one document answer conditional requests (ETag, If-None-Match, If-Match)."""

from __future__ import annotations

from adrf import generics

from .conditional import ConditionalRequestMixin
from .idempotency import AsyncIdempotentCreateMixin
from .viewsets import DocumentViewMixin


class GenericAPIView(DocumentViewMixin, generics.GenericAPIView):
    """adrf's GenericAPIView for documents."""


class CreateAPIView(AsyncIdempotentCreateMixin, DocumentViewMixin, generics.CreateAPIView):
    """POST creates a document (honouring ``Idempotency-Key``)."""


class ListAPIView(DocumentViewMixin, generics.ListAPIView):
    """GET lists documents."""


class RetrieveAPIView(ConditionalRequestMixin, DocumentViewMixin, generics.RetrieveAPIView):
    """GET shows one document."""


class DestroyAPIView(ConditionalRequestMixin, DocumentViewMixin, generics.DestroyAPIView):
    """DELETE deletes one document."""


class UpdateAPIView(ConditionalRequestMixin, DocumentViewMixin, generics.UpdateAPIView):
    """PUT and PATCH update one document."""


class ListCreateAPIView(AsyncIdempotentCreateMixin, DocumentViewMixin, generics.ListCreateAPIView):
    """GET lists documents, POST creates one (honouring ``Idempotency-Key``)."""


class RetrieveUpdateAPIView(ConditionalRequestMixin, DocumentViewMixin, generics.RetrieveUpdateAPIView):
    """GET, PUT and PATCH on one document."""


class RetrieveDestroyAPIView(ConditionalRequestMixin, DocumentViewMixin, generics.RetrieveDestroyAPIView):
    """GET and DELETE on one document."""


class RetrieveUpdateDestroyAPIView(
    ConditionalRequestMixin, DocumentViewMixin, generics.RetrieveUpdateDestroyAPIView
):
    """GET, PUT, PATCH and DELETE on one document."""
