from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import orgnr
from .models import (
    IcnpoCategory,
    ImportRun,
    ImportRunIssue,
    Membership,
    Organisation,
    RegisterUnit,
    TargetGroup,
    Theme,
)
from .services import organisation_refresh_search


class OrganisationAdminForm(forms.ModelForm):
    org_number = forms.CharField(
        label=_("organisation number"),
        required=False,
        max_length=20,
        help_text=_("Nine digits; spaces are removed."),
    )

    def clean_org_number(self) -> str | None:
        """Accept the number with spaces, as people type it; store the nine digits."""
        value = self.cleaned_data.get("org_number") or ""
        return orgnr.normalise(value) or None

    class Meta:
        model = Organisation
        fields = "__all__"  # noqa: DJ007 - the admin edits every field


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role", "status", "message", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = (
        "name",
        "org_number",
        "kind",
        "home_municipality",
        "public",
        "status",
        "source",
        "updated_at",
    )
    list_filter = (
        "kind",
        "sector",
        ("home_municipality__county", admin.RelatedOnlyFieldListFilter),
        "status",
        "source",
        "public",
    )
    search_fields = ("name", "org_number", "slug")
    list_select_related = ("home_municipality",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("home_municipality", "municipalities_served")
    filter_horizontal = ("target_groups", "themes", "icnpo_categories")
    readonly_fields = ("sector", "local_fields", "created_at", "updated_at")
    inlines = (MembershipInline,)
    show_facets = admin.ShowFacets.NEVER  # keeps the changelist fast on national-scale data
    fieldsets = (
        (None, {"fields": ("name", "slug", "org_number", "kind", "sector")}),
        (
            _("Place"),
            {"fields": ("home_municipality", "municipalities_served")},
        ),
        (
            _("Target groups and themes"),
            {"fields": ("target_groups", "themes", "icnpo_categories")},
        ),
        (
            _("Profile"),
            {
                "fields": (
                    "description",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "website",
                    "street_address",
                    "postal_code",
                    "postal_place",
                    "public",
                )
            },
        ),
        (
            _("Brønnøysund registers"),
            {
                "fields": (
                    "source",
                    "status",
                    "register_synced_at",
                    "local_fields",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        organisation_refresh_search(organisation=form.instance)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "status", "created_at")
    list_filter = ("role", "status")
    search_fields = ("user__email", "user__name", "organisation__name")
    raw_id_fields = ("user",)
    autocomplete_fields = ("organisation",)
    list_select_related = ("user", "organisation")
    readonly_fields = ("created_at",)


class LocalisedNameAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_nb", "name_nn", "name_en", "position")
    list_editable = ("name_nb", "name_nn", "name_en", "position")
    list_display_links = ("slug",)
    search_fields = ("slug", "name_nb", "name_nn", "name_en")
    ordering = ("position", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(TargetGroup)
class TargetGroupAdmin(LocalisedNameAdmin):
    pass


@admin.register(Theme)
class ThemeAdmin(LocalisedNameAdmin):
    pass


@admin.register(IcnpoCategory)
class IcnpoCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("code",) if obj else ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[IcnpoCategory]:
        return super().get_queryset(request).order_by("code")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the import only; the admin shows it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RegisterUnit)
class RegisterUnitAdmin(ReadOnlyAdmin):
    list_display = ("org_number", "name", "org_form", "municipality_number", "inactive_reason")
    list_filter = ("org_form", "registered_voluntary", "inactive_reason")
    search_fields = ("org_number", "name")
    raw_id_fields = ("organisation",)
    show_facets = admin.ShowFacets.NEVER


class ImportRunIssueInline(admin.TabularInline):
    model = ImportRunIssue
    extra = 0
    fields = ("position", "org_number", "action", "code", "reason")
    readonly_fields = fields
    can_delete = False
    max_num = 0


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "source",
        "county",
        "status",
        "created",
        "updated",
        "unchanged",
        "deactivated",
        "reactivated",
        "skipped",
    )
    list_filter = ("status", "source", "county")
    raw_id_fields = ("started_by",)
    inlines = (ImportRunIssueInline,)
