"""Counties and municipalities come from the official 2024 list (a data migration); the admin
shows them and allows small corrections such as coordinates, but no additions or deletions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import County, Municipality, MunicipalityRenumbering


class ReadMostlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(County)
class CountyAdmin(ReadMostlyAdmin):
    list_display = ("number", "name")
    search_fields = ("number", "name")
    readonly_fields = ("number",)
    ordering = ("number",)


@admin.register(Municipality)
class MunicipalityAdmin(ReadMostlyAdmin):
    list_display = ("number", "name", "name_norwegian", "county", "sami_administrative_area")
    list_filter = ("county", "sami_administrative_area")
    search_fields = ("number", "name", "name_norwegian")
    list_select_related = ("county",)
    readonly_fields = ("number", "county")
    ordering = ("number",)


@admin.register(MunicipalityRenumbering)
class MunicipalityRenumberingAdmin(ReadMostlyAdmin):
    list_display = ("old_number", "old_name", "municipality", "primary", "valid_from")
    search_fields = ("old_number", "old_name", "municipality__name")
    list_select_related = ("municipality",)
    readonly_fields = ("old_number", "old_name", "municipality", "primary", "valid_from")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
