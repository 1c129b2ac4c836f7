"""DocumentAdmin: a document's pages in Django's admin (list, add, change, delete, file download), on the
sync face, with Django's permissions and its "recent actions" log."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import update_wrapper
from typing import TYPE_CHECKING, Any

from bson import ObjectId
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.checks import CheckMessage
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.views.generic import RedirectView

from ...errors import NotUniqueError, OperationError, ValidationError
from ...fields.files import FileField, StoredFile
from ...sync.files import save_with_files
from .changelist import ChangeList, display, search
from .checks import check_document_admin
from .filters import IncorrectParameters
from .forms import document_form, document_value, editable_names, field_label, initial_value

if TYPE_CHECKING:
    from django import forms
    from django.contrib.admin import AdminSite

    from ...document.base import TopLevelDocument

ADDITION, CHANGE, DELETION = 1, 2, 3  # django.contrib.admin.models action flags


class DocumentAdmin:
    """The admin options and views of one document, as ``ModelAdmin`` has them for a model.

    Options: ``list_display``, ``list_display_links`` (the first column), ``list_filter`` (fields with
    choices, booleans, dates, or any field by its values), ``search_fields`` (``^`` starts with, ``=``
    exactly, else contains), ``ordering``, ``list_per_page``, ``fields``, ``exclude``,
    ``readonly_fields``, ``empty_value_display`` and the ``*_template`` names.
    """

    list_display: Sequence[str | Callable[[Any], Any]] = ("__str__",)
    list_filter: Sequence[str] = ()
    search_fields: Sequence[str] = ()
    search_help_text: str | None = None
    ordering: Sequence[str] | None = None
    list_per_page = 100
    fields: Sequence[str] | None = None
    exclude: Sequence[str] = ()
    readonly_fields: Sequence[str] = ()
    empty_value_display = "-"
    change_list_template: str | None = None
    change_form_template: str | None = None
    delete_confirmation_template: str | None = None

    def __init__(self, model: type[TopLevelDocument], admin_site: AdminSite) -> None:
        self.model = model
        self.opts = model._meta
        self.admin_site = admin_site
        self.document = model.twin("sync")  # admin views are sync: they use the sync face

    def __str__(self) -> str:
        return f"{type(self).__module__}.{type(self).__qualname__}"

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__}: model={self.model.__qualname__} site={self.admin_site!r}>"

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        """Django's system checks of these options: every name must be a field (or a method)."""
        return check_document_admin(self)

    # -- permissions, as Django names them: <app_label>.<action>_<model_name> -------------------------
    def _has(self, request: HttpRequest, action: str) -> bool:
        user: Any = request.user
        return bool(user.has_perm(f"{self.opts.app_label}.{action}_{self.opts.model_name}"))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """``view_<model_name>``, or the change permission."""
        return self._has(request, "view") or self._has(request, "change")

    def has_add_permission(self, request: HttpRequest) -> bool:
        """``add_<model_name>``."""
        return self._has(request, "add")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """``change_<model_name>``."""
        return self._has(request, "change")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """``delete_<model_name>``."""
        return self._has(request, "delete")

    def has_view_or_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Whether the user may see the documents."""
        return self.has_view_permission(request, obj) or self.has_change_permission(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        """Whether the app shows on the admin index for the user."""
        user: Any = request.user
        return bool(user.has_module_perms(self.opts.app_label))

    def get_model_perms(self, request: HttpRequest) -> dict[str, bool]:
        """What the user may do, for the admin index."""
        return {
            "add": self.has_add_permission(request),
            "change": self.has_change_permission(request),
            "delete": self.has_delete_permission(request),
            "view": self.has_view_permission(request),
        }

    # -- data ------------------------------------------------------------------------------------------
    def get_queryset(self, request: HttpRequest) -> Any:
        """The documents the changelist starts from (sync face)."""
        document: Any = self.document
        return document.objects.all()

    def get_ordering(self, request: HttpRequest) -> list[str]:
        """``ordering``, else the document's ``meta['ordering']``."""
        return list(self.ordering if self.ordering is not None else self.opts.ordering)

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> Any:
        """``queryset`` narrowed by the search box."""
        if not search_term or not self.search_fields:
            return queryset
        return search(queryset, self.search_fields, self.document, search_term)

    def get_object(self, request: HttpRequest, object_id: str) -> Any:
        """The document with this id, or None."""
        object_id = unquote(object_id)
        if not ObjectId.is_valid(object_id):
            return None
        return self.get_queryset(request).filter(id=ObjectId(object_id)).first()

    def get_fields(self, request: HttpRequest) -> list[str]:
        """The fields of the form page, editable or not."""
        return editable_names(self.document, self.fields, self.exclude)

    # -- URLs ------------------------------------------------------------------------------------------
    def get_urls(self) -> list[URLPattern]:
        """The document's pages, named as Django names a model's (``admin:<app>_<model>_change``...)."""

        def wrap(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
            def wrapper(*args: Any, **kwargs: Any) -> HttpResponseBase:
                return self.admin_site.admin_view(view)(*args, **kwargs)

            wrapper.model_admin = self  # type: ignore[attr-defined]
            return update_wrapper(wrapper, view)

        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("", wrap(self.changelist_view), name=f"{info}_changelist"),
            path("add/", wrap(self.add_view), name=f"{info}_add"),
            path("<path:object_id>/change/", wrap(self.change_view), name=f"{info}_change"),
            path("<path:object_id>/delete/", wrap(self.delete_view), name=f"{info}_delete"),
            path("<path:object_id>/file/<str:field_name>/", wrap(self.file_view), name=f"{info}_file"),
            path("<path:object_id>/", wrap(RedirectView.as_view(pattern_name=f"admin:{info}_change"))),
        ]

    @property
    def urls(self) -> list[URLPattern]:
        """What ``AdminSite.get_urls()`` includes."""
        return self.get_urls()

    def _url(self, name: str, *args: Any) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    def _context(self, request: HttpRequest, title: str, obj: Any = None, **extra: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(obj) if obj is not None else None,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "app_name": getattr(self.opts.app_config, "verbose_name", self.opts.app_label),
            "changelist_url": self._url("changelist"),
            "has_view_permission": self.has_view_permission(request, obj),
            "has_add_permission": self.has_add_permission(request),
            "has_change_permission": self.has_change_permission(request, obj),
            "has_delete_permission": self.has_delete_permission(request, obj),
            "original": obj,
            **extra,
        }

    def _templates(self, name: str, chosen: str | None) -> list[str]:
        if chosen:
            return [chosen]
        app, model = self.opts.app_label, self.opts.model_name
        return [
            f"mongodb_rest/admin/{app}/{model}/{name}",
            f"mongodb_rest/admin/{app}/{name}",
            f"mongodb_rest/admin/{name}",
        ]

    def _missing(self, request: HttpRequest, object_id: str) -> HttpResponse:
        messages.warning(
            request,
            f"{capfirst(self.opts.verbose_name)} with ID “{unquote(object_id)}” does not exist. "
            "Perhaps it was deleted?",
            fail_silently=True,
        )
        return HttpResponseRedirect(reverse("admin:index", current_app=self.admin_site.name))

    # -- views -----------------------------------------------------------------------------------------
    def changelist_view(self, request: HttpRequest) -> HttpResponse:
        """The list of documents: filters, search, sortable columns and pages."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = ChangeList(self, request)
        except IncorrectParameters as exc:
            messages.error(request, f"{exc} The filters were cleared.", fail_silently=True)
            return HttpResponseRedirect(request.path)
        verb = "change" if self.has_change_permission(request) else "view"
        context = self._context(
            request,
            f"Select {self.opts.verbose_name} to {verb}",
            cl=changelist,
            headers=changelist.headers(),
            rows=changelist.rows(),
            page_links=changelist.page_links(),
            filters=[(spec.title, spec.choices(changelist)) for spec in changelist.filter_specs],
            add_url=self._url("add"),
            search_var="q",
        )
        context["subtitle"] = None
        return TemplateResponse(
            request, self._templates("change_list.html", self.change_list_template), context
        )

    def add_view(self, request: HttpRequest) -> HttpResponse:
        """The form creating a document."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return self._form_view(request, None)

    def change_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The form changing a document (read-only for users who may only view it)."""
        obj = self.get_object(request, object_id)
        if obj is None:
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            return self._missing(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return self._form_view(request, obj)

    def _form_view(self, request: HttpRequest, obj: Any) -> HttpResponse:
        names = self.get_fields(request)
        editable = self.has_change_permission(request, obj) if obj is not None else True
        readonly = set(self.readonly_fields) if editable else set(names)
        form_class = document_form(self.document, [name for name in names if name not in readonly])
        initial = {}
        if obj is not None:
            initial = {
                name: initial_value(
                    obj,
                    self.document._fields[name],
                    lambda field: self._url("file", quote(str(obj.id)), field),
                )
                for name in form_class.base_fields
            }
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, initial=initial)
            if form.is_valid():
                saved = self._save(request, form, obj)
                if saved is not None:
                    return self._after_save(request, saved, added=obj is None, changed=form.changed_data)
        else:
            form = form_class(initial=initial)
        shown = [name for name in names if name in form.fields or obj is not None]
        rows = [self._row(form, obj, name) for name in shown]
        title = ("Change" if editable else "View") if obj is not None else "Add"
        context = self._context(
            request,
            f"{title} {self.opts.verbose_name}",
            obj,
            form=form,
            rows=rows,
            add=obj is None,
            editable=editable,
            is_multipart=any(field.widget.needs_multipart_form for field in form.fields.values()),
            delete_url=self._url("delete", quote(str(obj.id))) if obj is not None else None,
        )
        return TemplateResponse(
            request, self._templates("change_form.html", self.change_form_template), context
        )

    def _row(self, form: forms.Form, obj: Any, name: str) -> dict[str, Any]:
        field = self.document._fields[name]
        if name in form.fields:
            return {"name": name, "field": form[name], "readonly": False}
        value = None
        if obj is not None:
            value = obj.__dict__.get(name)
            if isinstance(field, FileField) and isinstance(value, StoredFile):
                url = self._url("file", quote(str(obj.id)), name)
                value = format_html('<a href="{}">{}</a>', url, value.filename or "file")
        return {
            "name": name,
            "label": field_label(field),
            "value": display(value, False, self.empty_value_display),
            "readonly": True,
        }

    def _save(self, request: HttpRequest, form: forms.Form, obj: Any) -> Any:
        """Validate the document built from the form, store new files, then save; on any refusal the
        form gets the errors and nothing stored changes. The saved document, or None."""
        fields = self.document._fields
        values = {
            name: document_value(fields[name], value)
            for name, value in form.cleaned_data.items()
            if not isinstance(fields[name], FileField) and (obj is None or name in form.changed_data)
        }
        try:
            if obj is None:
                obj = self.document(**values)
            else:
                for name, value in values.items():
                    setattr(obj, name, value)
            obj.full_clean()
        except ValidationError as exc:
            _add_errors(form, exc)
            return None
        uploads = {  # a new file, or None where the field is cleared; a field left as it was is not named
            name: upload if isinstance(upload, UploadedFile) else None
            for name, upload in form.cleaned_data.items()
            if isinstance(fields[name], FileField) and (isinstance(upload, UploadedFile) or upload is False)
        }
        try:
            save_with_files(obj, uploads, validate=False)  # validated above
        except (ValidationError, OperationError) as exc:
            if isinstance(exc, NotUniqueError) and exc.field in form.fields:
                label = field_label(fields[exc.field])
                form.add_error(
                    exc.field, f"{capfirst(self.opts.verbose_name)} with this {label} already exists."
                )
            elif isinstance(exc, ValidationError):
                _add_errors(form, exc)
            else:
                form.add_error(None, str(exc))
            return None
        return obj

    def _after_save(self, request: HttpRequest, obj: Any, added: bool, changed: list[str]) -> HttpResponse:
        fields = [str(field_label(self.document._fields[name])) for name in changed]
        message = [{"added": {}}] if added else [{"changed": {"fields": fields}}] if fields else []
        log_action(request, obj, ADDITION if added else CHANGE, json.dumps(message))
        link = format_html('<a href="{}">{}</a>', self._url("change", quote(str(obj.id))), obj)
        verb = "added" if added else "changed"
        name = capfirst(self.opts.verbose_name)
        if "_continue" in request.POST:
            messages.success(
                request,
                format_html(
                    "The {} “{}” was {} successfully. You may edit it again below.", name, link, verb
                ),
                fail_silently=True,
            )
            return HttpResponseRedirect(self._url("change", quote(str(obj.id))))
        if "_addanother" in request.POST:
            messages.success(
                request,
                format_html(
                    "The {} “{}” was {} successfully. You may add another {} below.",
                    name,
                    link,
                    verb,
                    self.opts.verbose_name,
                ),
                fail_silently=True,
            )
            return HttpResponseRedirect(self._url("add"))
        messages.success(
            request, format_html("The {} “{}” was {} successfully.", name, link, verb), fail_silently=True
        )
        return HttpResponseRedirect(self._url("changelist"))

    def delete_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Confirm, then delete a document (its files and delete rules go with it)."""
        obj = self.get_object(request, object_id)
        if obj is None:
            if not self.has_delete_permission(request):
                raise PermissionDenied
            return self._missing(request, object_id)
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        error = None
        if request.method == "POST":
            label = str(obj)
            try:
                obj.delete()
            except OperationError as exc:
                error = str(exc)  # a DENY rule or the server refused: nothing was deleted
            else:
                log_action(request, obj, DELETION, "", object_id=str(unquote(object_id)), label=label)
                messages.success(
                    request,
                    f"The {self.opts.verbose_name} “{label}” was deleted successfully.",
                    fail_silently=True,
                )
                return HttpResponseRedirect(self._url("changelist"))
        context = self._context(
            request, "Are you sure?", obj, error=error, change_url=self._url("change", quote(str(obj.id)))
        )
        return TemplateResponse(
            request, self._templates("delete_confirmation.html", self.delete_confirmation_template), context
        )

    def file_view(self, request: HttpRequest, object_id: str, field_name: str) -> HttpResponseBase:
        """Download a file field's content from GridFS."""
        obj = self.get_object(request, object_id)
        field = self.document._fields.get(field_name)
        if not isinstance(field, FileField):
            raise Http404(f"{self.opts.object_name} has no file field {field_name!r}.")
        if obj is not None and not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        stored = obj.__dict__.get(field_name) if obj is not None else None
        if not isinstance(stored, StoredFile):
            raise Http404("No such file.")
        proxy = getattr(obj, field_name)
        return FileResponse(
            proxy.open(),
            filename=stored.filename or field_name,
            content_type=stored.content_type or "application/octet-stream",
        )


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    for key, messages_ in error.errors.items():
        name = key.split(".", 1)[0]
        for message in messages_:
            if name in form.fields:
                form.add_error(name, message if name == key else f"{key}: {message}")
            else:
                form.add_error(None, message if key == "__all__" else f"{key}: {message}")


def log_action(
    request: HttpRequest,
    obj: Any,
    flag: int,
    message: str,
    object_id: str | None = None,
    label: str | None = None,
) -> None:
    """Record the action in Django's admin log ("Recent actions"), when the admin app's tables exist."""
    from django.apps import apps

    if not apps.is_installed("django.contrib.admin") or not getattr(request.user, "pk", None):
        return
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    meta = obj._meta
    content_type, _ = ContentType.objects.get_or_create(app_label=meta.app_label, model=meta.model_name)
    LogEntry.objects.create(
        user_id=request.user.pk,
        content_type=content_type,
        object_id=object_id or str(obj.id),
        object_repr=(label or str(obj))[:200],
        action_flag=flag,
        change_message=message,
    )
