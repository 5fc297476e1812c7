"""Staff accounts in the admin: a user with a role is made on one screen, and the user list shows the roles.

The roles are the groups of ``articles.workflow.ROLES`` (created by ``ensure_roles``). The add form asks for the
role and the byline name besides the user name and password; the user is staff (may log in to the admin) from
the start. Permissions are listed in Chinese (Django stores their names in English: "Can add 稿件").
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group, Permission, User

from articles.workflow import ROLES
from newsroom.admin_delete import HideLinkRowsOnDeleteMixin
from people.models import Person, PersonKind

ACTIONS = {"add": "可以添加", "change": "可以修改", "delete": "可以删除", "view": "可以查看"}


def permission_label(permission: Permission) -> str:
    """"稿件 | 稿件 | 可以添加稿件": the app, the model and the permission, in Chinese where Django has English."""
    model = permission.content_type.model_class()
    if model is None:  # a model since removed
        return str(permission)
    action, _, model_name = permission.codename.partition("_")
    name = permission.name
    if action in ACTIONS and model_name == model._meta.model_name:
        name = f"{ACTIONS[action]}{model._meta.verbose_name}"
    app = apps.get_app_config(model._meta.app_label).verbose_name
    return f"{app} | {model._meta.verbose_name} | {name}"


class ChinesePermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["queryset"] = Permission.objects.select_related("content_type")
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.label_from_instance = permission_label
        return field


def role_groups():
    return Group.objects.filter(name__in=list(ROLES)).order_by("pk")


class StaffUserCreationForm(AdminUserCreationForm):
    """Django's add form, with the role (required) and the name the user signs articles with (optional)."""

    role = forms.ModelChoiceField(
        label="角色", queryset=Group.objects.none(), empty_label=None,
        help_text="记者：写稿、提交审核；编辑：审核、退回；值班主任：发布、定时、撤回；管理员：全部权限。",
    )
    byline = forms.CharField(
        label="署名", max_length=50, required=False,
        help_text="稿件上署的姓名（本报记者/通讯员）。填写后，此人新建的稿件自动署上这个名字；"
        "已有同名且未关联账号的记者则直接关联。",
    )

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = role_groups()
        self.fields["role"].initial = role_groups().filter(name="记者").first()

    def save(self, commit=True):
        self.instance.is_staff = True  # a role is only of use in the admin
        return super().save(commit=commit)


def link_byline(user, name: str) -> Person:
    """The journalist ``name`` (one with no account yet, if there is exactly one), or a new one, linked to ``user``."""
    candidates = list(Person.objects.filter(name=name, kind=PersonKind.JOURNALIST, account=None)[:2])
    if len(candidates) == 1:
        person = candidates[0]
    else:
        taken = set(Person.objects.filter(name=name).values_list("disambiguator", flat=True))
        disambiguator, n = "", 1
        while disambiguator in taken:
            n += 1
            disambiguator = f"本报（{n}）"
        person = Person(name=name, disambiguator=disambiguator, kind=PersonKind.JOURNALIST)
    person.account = user
    person.save()
    return person


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(HideLinkRowsOnDeleteMixin, ChinesePermissionsMixin, UserAdmin):
    add_form = StaffUserCreationForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "byline", "usable_password", "password1",
                                                 "password2")}),
    )
    list_display = ("username", "first_name", "roles_column", "byline_column", "is_staff", "is_active", "last_login")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "first_name", "last_name", "email", "byline_person__name")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups").select_related("byline_person")

    @admin.display(description="角色")
    def roles_column(self, user):
        names = [group.name for group in user.groups.all()]
        if user.is_superuser:
            names.insert(0, "超级用户")
        return "、".join(names) or "—"

    @admin.display(description="署名", ordering="byline_person__name")
    def byline_column(self, user):
        person = getattr(user, "byline_person", None)
        return person.name if person else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:  # the add form (Django's admin saves it all in one transaction)
            form.instance.groups.add(form.cleaned_data["role"])
            if form.cleaned_data.get("byline"):
                link_byline(form.instance, form.cleaned_data["byline"])


@admin.register(Group)
class RoleGroupAdmin(HideLinkRowsOnDeleteMixin, ChinesePermissionsMixin, GroupAdmin):
    pass
