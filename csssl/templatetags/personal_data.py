"""How a person's record (``csssl.personal_data``) shows a value: text, yes or no, a list, or
a group of labelled values, nested as the providers give them."""

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def value_kind(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "empty"
    if isinstance(value, bool):
        return "yes_no"
    if isinstance(value, Mapping):
        return "mapping"
    if isinstance(value, list | tuple):
        return "list"
    return "text"
