"""Serializers derived from the documents: one class serves DRF's sync views and adrf's async ones."""

from __future__ import annotations

from mongodb_rest.rest_framework.serializers import DocumentSerializer

from .documents import Comment, Place, Post, User


class UserSerializer(DocumentSerializer):
    class Meta:
        model = User
        fields = ["id", "name", "email", "age", "tags", "address", "avatar", "created_at"]


class CommentSerializer(DocumentSerializer):
    class Meta:
        model = Comment
        fields = ["author", "text", "created_at"]
        read_only_fields = ["created_at"]


class PostSerializer(DocumentSerializer):
    class Meta:
        model = Post
        fields = [
            "id",
            "title",
            "body",
            "author",
            "tags",
            "comments",
            "published",
            "created_at",
            "updated_at",
        ]


class PlaceSerializer(DocumentSerializer):
    class Meta:
        model = Place
        fields = ["id", "name", "description", "location"]
