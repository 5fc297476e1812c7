'use strict';
// The person pickers of an article's bylines and mentions (articles/person_picker.py) are select2 autocompletes
// with data-tags="true": a name that is not found can be chosen as "新建人物：<name>", listed after the people
// found, and the row is saved with a new, unconfirmed person of that name. Runs before admin/js/autocomplete.js
// starts the widgets (on document ready), and changes only widgets that have tags on.
{
    const $ = django.jQuery;
    $.fn.select2.defaults.set('createTag', function(params) {
        const term = $.trim(params.term || '');
        if (!term || /^\d+$/.test(term)) {
            return null;
        }
        return {id: term, text: '新建人物：' + term, newTag: true};
    });
    $.fn.select2.defaults.set('insertTag', function(data, tag) {
        data.push(tag);  // after the people found, never before them
    });
}
