"""Cursor pagination by id: each page is an index range (``id > last seen``), so page 500 costs what page 1 does,
and no page counts the whole scope (a COUNT over 100,000 students on every request). Follow ``next`` until it is
null; with ``updated_since`` that is an incremental sync."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class Pagination(CursorPagination):
    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
