"""Admin change lists of tables that grow with every cohort, at a cost that does not.

A list page's own work is its one page of rows; what grows with the table is kept off it:

- the count: an unfiltered list of thousands of rows reads PostgreSQL's own tally of the
  table's rows and says "about" that many, instead of counting every row on every visit; a
  filtered or searched list, and a small table, is counted exactly;
- the rows a page shares (forty cohorts behind a hundred records) are fetched once, in one
  query of their own, not joined into every row: a query of nine tables costs PostgreSQL more
  to plan than to run;
- long text of related rows (a programme's pages of prose, read for its short name) is left
  unread;
- the row's checkbox for the actions is written out, not rendered from a widget's template
  for each row (which costs a list more than all its other columns together), and the
  address of a row's change page is reversed once for the page, not once a row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property

from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import EmptyPage, Paginator
from django.db import connection, models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

#: The fewest rows an unfiltered list must have before it is counted from the tally: fewer
#: are counted exactly, in about a millisecond.
ESTIMATE_FROM = 10_000


def long_text(model: type[models.Model], prefix: str = "") -> list[str]:
    """The names of ``model``'s text fields (``TextField``), under ``prefix`` (a relation
    path such as ``"cohort__programme"``), for ``defer``."""
    lead = f"{prefix}__" if prefix else ""
    return [
        f"{lead}{field.name}"
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
    ]


def without_long_text(queryset: QuerySet, *paths: str) -> QuerySet:
    """``queryset`` leaving unread the text fields of its rows and of the rows it selects
    along each of ``paths`` (``"cohort__programme"``: the cohort and its programme), for
    rows read only for their names."""
    deferred = long_text(queryset.model)
    for path in paths:
        model = queryset.model
        walked = []
        for step in path.split("__"):
            model = model._meta.get_field(step).related_model
            walked.append(step)
            deferred += long_text(model, "__".join(walked))
    return queryset.defer(*deferred) if deferred else queryset


def whole_table_count(queryset: QuerySet) -> tuple[int, bool] | None:
    """When ``queryset`` is its whole table (no filter, no search, no slice): the count of its
    rows and whether it is an estimate, from one query. The estimate is PostgreSQL's tally of
    the table's live rows (the statistics' count, kept as rows are written, or failing that
    the planner's), taken when it is at least ``ESTIMATE_FROM``; a smaller table, or one with
    no tally, is counted exactly. None for any other queryset. (A joined or annotated
    queryset of one row for each of the table's, as an admin's is, counts as its table.)"""
    query = queryset.query
    if connection.vendor != "postgresql" or query.where or query.is_sliced or query.combinator:
        return None
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tally, CASE WHEN tally >= %s THEN NULL ELSE (SELECT COUNT(*) FROM {table}) END"
            " FROM (SELECT COALESCE(NULLIF(pg_stat_get_live_tuples(oid), 0), reltuples::bigint)"
            " AS tally FROM pg_class WHERE oid = %s::regclass) AS tallied",
            [ESTIMATE_FROM, table],
        )
        tally, exact = cursor.fetchone()
    return (int(exact), False) if exact is not None else (int(tally), True)


def about(number: int) -> int:
    """``number`` to two significant figures, as an estimate is said: 100,360 is about
    100,000."""
    places = len(str(abs(number))) - 2
    return round(number, -places) if places > 0 else number


class TalliedPaginator(Paginator):
    """A paginator that takes the count of an unfiltered list of at least ``ESTIMATE_FROM``
    rows from PostgreSQL's tally (``whole_table_count``), and says so with ``estimated``. Since a
    tally may fall short of the rows there are, a page past its last is an empty page, not an
    error."""

    estimated = False

    @cached_property
    def count(self) -> int:
        counted = whole_table_count(self.object_list)
        if counted is None:
            return super().count
        count, self.estimated = counted
        return count

    @property
    def shown_count(self) -> int:
        """The count as the page says it: rounded when it is an estimate."""
        return about(self.count) if self.estimated else self.count

    def validate_number(self, number):
        if not self.estimated:
            return super().validate_number(number)
        try:
            return super().validate_number(number)
        except EmptyPage:
            # A whole number (the admin's own check has passed), past the tally's last page.
            if int(number) >= 1:
                return int(number)
            raise

    def page(self, number):
        if not self.estimated:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


class PageChangeList(ChangeList):
    """A change list whose page of rows is fetched without the admin's ``list_defer``, as a
    list, and handed to the admin's ``rows_shown``, which may fill in what the rows share from
    one query more."""

    #: Stands for the key in the change page's address, reversed once for the whole page.
    KEY = "~key~"

    def url_for_result(self, result: models.Model) -> str:
        # Reversing the address for each row costs a page of a hundred rows more than any
        # column; an integer key is put into the one address reversed for the page.
        key = getattr(result, self.pk_attname)
        if not isinstance(key, int):
            return super().url_for_result(result)
        if "change_url" not in self.__dict__:
            self.change_url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=(self.KEY,),
                current_app=self.model_admin.admin_site.name,
            )
        return self.change_url.replace(self.KEY, str(key))

    def get_results(self, request: HttpRequest) -> None:
        # The page leaves unread what no column shows (``list_defer``); the list's queryset,
        # which an export reads whole, is left as it was.
        listed = self.queryset
        if self.model_admin.list_defer:
            self.queryset = listed.defer(*self.model_admin.list_defer)
        try:
            super().get_results(request)
            if self.model_admin.page_keys_first and not self.list_editable:
                self.result_list = self._page_by_keys(self.result_list)
        finally:
            self.queryset = listed
        if not self.list_editable:
            self.result_list = self.model_admin.rows_shown(request, list(self.result_list))

    def _page_by_keys(self, page: QuerySet) -> list[models.Model]:
        """The page's rows in two queries: the keys of the page, sorted with only what the
        order needs joined, then the rows with those keys and all their columns. Sorting a
        whole table's wide joined rows to keep a hundred costs more than both."""
        keys = list(page.values_list("pk", flat=True))
        rows = self.queryset.order_by().in_bulk(keys)
        return [rows[key] for key in keys if key in rows]


def share_related(rows: Sequence[models.Model], paths: Iterable[str], queryset: QuerySet) -> None:
    """Sets the related row at each of ``paths`` of each of ``rows`` (``"event__cohort"``:
    the cohort of the record's event) to the one of ``queryset`` with its key, fetched for
    all of them in one query. Every path must lead to ``queryset``'s model; the rows before
    its last step must already be fetched (``select_related``)."""
    holders: list[tuple[models.Model, str]] = []
    for path in paths:
        *steps, name = path.split("__")
        for row in rows:
            holder = row
            for step in steps:
                holder = getattr(holder, step)
            if holder is not None:
                holders.append((holder, name))
    wanted = {getattr(holder, f"{name}_id") for holder, name in holders} - {None}
    if not wanted:
        return
    shared = queryset.in_bulk(wanted)
    for holder, name in holders:
        key = getattr(holder, f"{name}_id")
        if key in shared:
            setattr(holder, name, shared[key])


class GrowingListMixin:
    """For a model admin whose change list is for a table that grows with every cohort: counted
    from the tally when unfiltered (``TalliedPaginator``), its page of rows handed to
    ``rows_shown``, its checkboxes written out. The rest is Django's own."""

    paginator = TalliedPaginator
    #: Fields the list leaves unread (``long_text``): what no column shows.
    list_defer: Sequence[str] = ()
    #: Fetch a page's keys first, then its rows (``PageChangeList._page_by_keys``): for a
    #: list whose order no index serves, sorted across joined tables.
    page_keys_first = False
    # One count, of what the list shows.
    show_full_result_count = False

    def get_changelist(self, request: HttpRequest, **kwargs):
        return PageChangeList

    def rows_shown(self, request: HttpRequest, rows: list[models.Model]) -> list[models.Model]:
        """The page of rows, as shown; here to fill in what the rows share
        (``share_related``)."""
        return rows

    def action_checkbox(self, obj: models.Model) -> str:
        """The row's checkbox for the actions, as the admin's own makes it, written out."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )
