"""Picking or adding a person on an article's bylines and mentions, and a reporter's own byline by default.

The person field is Django admin's autocomplete (select2) with select2's "tags": typing a name that is not found
offers "新建人物：<name>" after the people found (static/articles/js/person_picker.js), and the row is saved with a
new person of that name, unconfirmed, so the 待核队列 lists them for an editor. This works for every role: a 记者
may not add people on the person pages (no ``people.add_person``), but names the people of their own story; the
"+" pop-up of Django's related-field widget is still there for those who may add people, to fill in more than a
name. A name already taken gets a disambiguator (the printed title, or 待核实N), never a silent merge.

A reporter whose account is linked to a person (``Person.account``) finds their own byline filled in on a new
article.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError

from people.models import Person, PersonKind

NEW_PERSON_MAX_LENGTH = Person._meta.get_field("name").max_length


class NewPerson(str):
    """A name typed into the picker that names no existing row: a person to create when the row is saved."""


class PersonOrNewField(forms.ModelChoiceField):
    """A person's id, or a new person's name (a :class:`NewPerson`)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text.isdigit():
            return super().to_python(text)
        if len(text) > NEW_PERSON_MAX_LENGTH:
            raise ValidationError(f"姓名太长（最多 {NEW_PERSON_MAX_LENGTH} 个字）", code="max_length")
        return NewPerson(text)

    def has_changed(self, initial, data):
        return str(data or "") != str(initial or "")


class PersonPicker(AutocompleteSelect):
    """The admin's autocomplete, with 新建 (select2 tags) and a new name shown back when the form is re-displayed."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-tags"] = "true"
        return attrs

    def optgroups(self, name, value, attr=None):
        ids = [v for v in value if str(v).isdigit()]
        names = [v for v in value if v and not str(v).isdigit()]
        groups = super().optgroups(name, ids, attr)
        options = groups[0][1]
        for new in names:
            options.append(self.create_option(name, new, f"新建人物：{new}", True, len(options)))
        return groups

    @property
    def media(self):
        # After jquery.init.js (django.jQuery, with select2 on it), before the widgets start on document ready.
        return super().media + forms.Media(js=["admin/js/jquery.init.js", "articles/js/person_picker.js"])


def new_person(name: str, *, kind: str, hint: str = "") -> Person:
    """A new, unconfirmed person called ``name``; told apart from namesakes by ``hint`` (a title) or 待核实N."""
    taken = set(Person.objects.filter(name=name).values_list("disambiguator", flat=True))
    disambiguator = ""
    if taken:
        disambiguator, n = hint[:100], len(taken)
        while not disambiguator or disambiguator in taken:
            n += 1
            disambiguator = f"待核实{n}"
    return Person.objects.create(name=name, disambiguator=disambiguator, kind=kind)


class PersonRowForm(forms.ModelForm):
    """A byline or mention row: an existing person, or a new one named in the picker (created on save)."""

    new_person_kind = PersonKind.OTHER

    def clean(self):
        cleaned_data = super().clean()
        person = cleaned_data.get("person")
        self.new_person_name = ""
        if isinstance(person, NewPerson):
            self.new_person_name = str(person)
            cleaned_data["person"] = None
        elif person is None and "person" not in self.errors and not cleaned_data.get("DELETE"):
            self.add_error("person", ValidationError("请选择人物，或输入姓名新建", code="required"))
        return cleaned_data

    def has_changed(self):
        """An extra row counts when a person is picked in it (a prefilled one too); a row left without a person
        is an empty row, whatever its other fields say (their defaults)."""
        if self.instance.pk is None:
            return bool(self.data.get(self.add_prefix("person")))
        return super().has_changed()

    def save(self, commit=True):
        if self.new_person_name:
            hint = self.cleaned_data.get("title_printed") or ""
            self.instance.person = new_person(self.new_person_name, kind=self.new_person_kind, hint=hint)
        return super().save(commit=commit)


class CreditRowForm(PersonRowForm):
    new_person_kind = PersonKind.JOURNALIST


class MentionRowForm(PersonRowForm):
    new_person_kind = PersonKind.OTHER


def own_byline(user) -> Person | None:
    """The journalist linked to ``user``'s account, if any."""
    return Person.objects.filter(account=user).first() if user.is_authenticated else None


class PersonPickerInlineMixin:
    """For an inline of rows with a ``person``: the picker with 新建 (see the module's docstring)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["form_class"] = PersonOrNewField
            kwargs["required"] = False  # PersonRowForm.clean asks for a person or a name
            kwargs["widget"] = PersonPicker(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OwnBylineInlineMixin:
    """For the byline inline: a new article opens with its author's own byline filled in (role 记者), when their
    account is linked to a person. They may change or clear it; a row left without a person is not saved."""

    own_byline_role = "记者"

    def get_extra(self, request, obj=None, **kwargs):
        extra = super().get_extra(request, obj, **kwargs)
        return max(extra, 1) if obj is None and own_byline(request.user) else extra

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        me = own_byline(request.user) if obj is None else None
        if me is None:
            return formset
        initial = [{"person": me.pk, "role": self.own_byline_role}]

        class WithOwnByline(formset):
            def __init__(self, *args, **kwargs):
                kwargs.setdefault("initial", initial)
                super().__init__(*args, **kwargs)

        return WithOwnByline
