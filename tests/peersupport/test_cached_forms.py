"""``{% cached_crispy form %}`` (peersupport/templatetags/cached_forms.py): an unbound
form's HTML is drawn once per class, values, attributes, choices and language."""

from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.template import engines
from django.utils import translation

from accounts.models import Region
from peersupport.templatetags.cached_forms import form_key

PAGE = engines["django"].from_string("{% load cached_forms %}{% cached_crispy form %}")


class HouseholdForm(forms.Form):
    adults = forms.IntegerField(label="Adults", min_value=0)
    dietary = forms.CharField(label="Dietary requirements", required=False)
    going = forms.ChoiceField(label="Coming?", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect)


def test_the_same_unbound_form_is_read_back_from_the_cache():
    first = PAGE.render({"form": HouseholdForm(initial={"adults": 2})})
    assert 'name="adults" value="2"' in first
    # (The key of a form not yet drawn: crispy adds its classes to the widgets it draws.)
    cache.set(form_key(HouseholdForm(initial={"adults": 2})), "<p>from the cache</p>")
    assert PAGE.render({"form": HouseholdForm(initial={"adults": 2})}) == "<p>from the cache</p>"


def test_each_set_of_values_has_its_own_copy():
    PAGE.render({"form": HouseholdForm(initial={"adults": 2, "dietary": "vegetarian"})})
    other = PAGE.render({"form": HouseholdForm(initial={"adults": 3, "dietary": "halal"})})
    assert 'value="3"' in other
    assert "halal" in other
    assert "vegetarian" not in other


def test_a_form_with_errors_is_always_drawn_afresh():
    form = HouseholdForm(data={"adults": "-1", "going": "maybe"})
    assert form_key(form) is None
    html = PAGE.render({"form": form})
    assert "Ensure this value is greater than or equal to 0." in html
    assert "is-invalid" in html


def test_changed_widget_attributes_or_choices_change_the_key():
    plain = HouseholdForm()
    narrowed = HouseholdForm()
    narrowed.fields["adults"].widget.attrs["max"] = 5
    fewer = HouseholdForm()
    fewer.fields["going"].choices = [("yes", "Yes")]
    assert len({form_key(plain), form_key(narrowed), form_key(fewer)}) == 3


def test_the_language_is_part_of_the_key():
    form = HouseholdForm()
    english = form_key(form)
    with translation.override("mi"):
        assert form_key(form) != english


def test_a_form_whose_choices_come_from_a_queryset_is_not_cached(db):
    class RegionForm(forms.Form):
        region = forms.ModelChoiceField(queryset=Region.objects.all())

    assert form_key(RegionForm()) is None


def test_a_form_drawn_through_a_page_template_has_its_own_copy(tmp_path, settings):
    (tmp_path / "columns.html").write_text("{% for field in form %}<col>{{ field.name }}</col>{% endfor %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    page = engines["django"].from_string('{% load cached_forms %}{% cached_crispy form "columns.html" %}')
    assert form_key(HouseholdForm(), "columns.html") != form_key(HouseholdForm())
    assert page.render({"form": HouseholdForm()}) == "<col>adults</col><col>dietary</col><col>going</col>"
