"""Page-number pagination for the API's list endpoints.

A page size above `MAX_PAGE_SIZE` is refused with 422 (the limit is in the OpenAPI document),
as is a page number so large that its offset could not be sent to the database.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000


class PageNumberPagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Items per page, at most {MAX_PAGE_SIZE}.",
        )

    class Output(Schema):
        count: int = Field(description="Number of matching items on all pages together.")
        page: int = Field(description="This page's number.")
        page_size: int = Field(description="Items per page.")
        next: str | None = Field(description="URL of the next page; null on the last page.")
        previous: str | None = Field(
            description="URL of the previous page; null on the first page."
        )
        items: list[Any]

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        pagination: Input,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        page, size = pagination.page, pagination.page_size
        offset = (page - 1) * size
        count = self._items_count(queryset)
        items = list(queryset[offset : offset + size]) if offset < count else []
        return {
            "count": count,
            "page": page,
            "page_size": size,
            "next": _page_url(request, page + 1) if offset + size < count else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            self.items_attribute: items,
        }


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
