from django.contrib import admin

from .models import Activity, CoOrganiser, Language, Occurrence, SignUp


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
    readonly_fields = ["uid", "created_at", "created_by", "sequence", "hidden_by"]
    inlines = [CoOrganiserInline]
    date_hierarchy = "start"


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
