"""Django admin for people. Platform admins appoint county coordinators here."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import User


def _clean_unique_email(form: forms.ModelForm, email: str) -> str:
    email = User.objects.normalize_email(email).lower()
    others = User.objects.filter(email__iexact=email)
    if form.instance.pk:
        others = others.exclude(pk=form.instance.pk)
    if others.exists():
        raise forms.ValidationError(_("A person with this e-mail address already exists."))
    return email


class UserCreationForm(AdminUserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("email", "name", "language")

    def clean_email(self) -> str:
        return _clean_unique_email(self, self.cleaned_data["email"])


class UserChangeForm(DjangoUserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return _clean_unique_email(self, self.cleaned_data["email"])


class CoordinatorFilter(admin.SimpleListFilter):
    title = _("county coordinator")
    parameter_name = "coordinator"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() == "yes":
            return queryset.filter(coordinator_for__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(coordinator_for__isnull=True)
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("name", "language", "notifications")}),
        (
            _("County coordinator"),
            {
                "fields": ("coordinator_for",),
                "description": _(
                    "A county coordinator runs arenas, grant calls and dashboards in the "
                    "counties chosen here, and only there."
                ),
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "name",
                    "language",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("email", "name", "language", "coordinator_counties", "is_staff", "is_active")
    list_filter = (
        "is_active",
        "is_staff",
        "is_superuser",
        CoordinatorFilter,
        "coordinator_for",
        "language",
        "notifications",
    )
    search_fields = ("email", "name")
    ordering = ("email",)
    filter_horizontal = ("groups", "user_permissions", "coordinator_for")
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("coordinator_for")

    @admin.display(description=_("County coordinator for"))
    def coordinator_counties(self, obj: User) -> str:
        return ", ".join(county.name for county in obj.coordinator_for.all())
