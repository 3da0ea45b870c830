"""Admin building blocks that keep every input labelled (WCAG 2.2: label, select-name)."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.text import capfirst


class LocalDateTimeInput(forms.DateTimeInput):
    """One labelled date-and-time input (the browser's own picker), in UK time."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs carry their column's name, since the table header alone
    does not label them for assistive technology. The table scrolls inside its own region
    rather than pushing the page off the screen."""

    template = "admin/edit_inline/tabular_scroll.html"

    formfield_overrides = {
        models.DateTimeField: {
            "widget": LocalDateTimeInput,
            "form_class": forms.DateTimeField,
        },
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
        return field

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this row"

        return LabelledFormSet


class LocalDateTimeAdminMixin:
    """Date-and-time fields as one labelled input instead of the admin's two; a web address
    typed without its scheme is taken to be https."""

    formfield_overrides = {
        models.DateTimeField: {
            "widget": LocalDateTimeInput,
            "form_class": forms.DateTimeField,
        },
        models.URLField: {"assume_scheme": "https"},
    }
