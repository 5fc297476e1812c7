"""``{% load review_notes %}``: ``{{ note|chinese_note }}``, an import note or error without its English gloss."""

from django import template

from newsroom.text import without_english_gloss

register = template.Library()


@register.filter(is_safe=True)  # an error may carry a link (already escaped): it stays as it was, less the gloss
def chinese_note(text) -> str:
    return without_english_gloss(str(text))
