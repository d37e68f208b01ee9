import datetime
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import recurrence
from .models import Activity, CoOrganiser, Language, Occurrence, SignUp
from .services import activity_refresh_derived


class ActivityAdminForm(forms.ModelForm):
    """The admin checks a repetition as the services do (the organisers' form builds it from
    simple choices; here any RRULE may be typed)."""

    class Meta:
        model = Activity
        fields = "__all__"  # noqa: DJ007 - the admin shows every field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            try:
                exdates = [datetime.date.fromisoformat(d) for d in cleaned.get("exdates") or []]
            except (TypeError, ValueError):
                self.add_error("exdates", _("Write the dates as YYYY-MM-DD."))
                return cleaned
            try:
                recurrence.validate(cleaned.get("rrule", ""), start=start, end=end, exdates=exdates)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class CoOrganiserInline(admin.TabularInline):
    model = CoOrganiser
    fk_name = "activity"
    extra = 0
    autocomplete_fields = ["organisation"]
    readonly_fields = ["invited_by", "decided_by", "decided_at"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "organiser", "municipality", "start", "status", "hidden_at"]
    list_filter = ["status", "municipality__county"]
    search_fields = ["title", "organiser__name"]
    autocomplete_fields = ["organiser", "venue", "municipality"]
    filter_horizontal = ["target_groups", "themes", "languages"]
    readonly_fields = ["uid", "created_at", "updated_at", "created_by", "sequence", "hidden_by"]
    inlines = [CoOrganiserInline]
    date_hierarchy = "start"
    form = ActivityAdminForm

    def save_model(self, request: HttpRequest, obj: Activity, form: Any, change: bool) -> None:
        # Calendar apps notice the change (SEQUENCE, DTSTAMP); LAST-MODIFIED moves on.
        if change:
            obj.sequence += 1
            obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The occurrences and search columns follow what was saved, as with the services.
        activity_refresh_derived(form.instance)


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_nb", "name_nn", "name_en", "position"]


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ["activity", "start", "end"]
    raw_id_fields = ["activity"]
    date_hierarchy = "start"


@admin.register(SignUp)
class SignUpAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "occurrence", "created_at"]
    raw_id_fields = ["occurrence", "user"]
    search_fields = ["name", "email"]
