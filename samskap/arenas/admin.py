"""Arenas in the Django admin, for platform admins: read-mostly views with search, for
looking things up and small corrections. Hosts run arenas on the site, where the services
keep the rules (capacity, waiting list, e-mails); so the admin adds no registrations,
contributions or groups, and shows what the services own as read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Arena,
    BreakoutGroup,
    BreakoutRound,
    Contribution,
    GroupMember,
    ProgrammeItem,
    Question,
    Registration,
    Tag,
)


class NoAddAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "text"]


@admin.register(Arena)
class ArenaAdmin(admin.ModelAdmin):
    list_display = ["title", "county", "kind", "format", "starts_at", "status", "capacity"]
    list_filter = ["status", "kind", "format", "county"]
    search_fields = ["title", "description", "place_name", "join_code"]
    autocomplete_fields = ["hosts", "invited_organisations", "municipality", "county"]
    readonly_fields = [
        "join_code",
        "wall_version",
        "groups_published_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    date_hierarchy = "starts_at"
    inlines = [ProgrammeItemInline, QuestionInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("county")


@admin.register(Registration)
class RegistrationAdmin(NoAddAdmin):
    list_display = ["name", "arena", "organisation_label", "sector", "municipality", "status"]
    list_filter = ["status", "sector", "arena"]
    search_fields = ["name", "email", "organisation__name", "organisation_name", "arena__title"]
    autocomplete_fields = ["organisation", "municipality"]
    readonly_fields = [
        "arena",
        "email",
        "user",
        "language",
        "waitlisted_at",
        "attended_at",
        "cancelled_at",
        "token_key",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("arena", "organisation", "municipality")


class BreakoutGroupInline(admin.TabularInline):
    model = BreakoutGroup
    extra = 0
    fields = ["number", "video_url"]
    readonly_fields = ["number"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BreakoutRound)
class BreakoutRoundAdmin(NoAddAdmin):
    list_display = ["arena", "number", "title", "group_size", "mode"]
    list_filter = ["mode"]
    search_fields = ["arena__title", "title"]
    readonly_fields = ["arena", "number", "group_size", "mode", "seed", "question"]
    inlines = [BreakoutGroupInline]


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    fields = ["registration"]
    readonly_fields = ["registration"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BreakoutGroup)
class BreakoutGroupAdmin(NoAddAdmin):
    list_display = ["__str__", "round", "number"]
    search_fields = ["round__arena__title"]
    readonly_fields = ["round", "number"]
    inlines = [GroupMemberInline]


@admin.register(Contribution)
class ContributionAdmin(NoAddAdmin):
    list_display = ["__str__", "arena", "question", "kind", "status", "vote_count", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["text", "author_name", "arena__title"]
    readonly_fields = [
        "arena",
        "question",
        "group",
        "registration",
        "author_name",
        "kind",
        "text",
        "merged_into",
        "vote_count",
        "created_at",
    ]
    filter_horizontal = ["tags"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("arena", "question")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "arena"]
    search_fields = ["name", "arena__title"]
    autocomplete_fields = ["arena"]
