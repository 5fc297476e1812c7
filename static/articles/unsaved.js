// The article's change form: warn before leaving it with unsaved changes, and keep a workflow button (a form of
// its own) from dropping them: with unsaved changes it refuses, and says to save first.
(function () {
  "use strict";
  var form = document.getElementById("article_form");
  if (!form) { return; }
  var dirty = false, saving = false;
  var mark = function () { dirty = true; };
  form.addEventListener("input", mark);
  form.addEventListener("change", mark);
  form.addEventListener("submit", function () { saving = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !saving) { event.preventDefault(); event.returnValue = ""; }
  });
  document.querySelectorAll("form.workflow-step").forEach(function (step) {
    step.addEventListener("submit", function (event) {
      if (!dirty) { return; }
      event.preventDefault();
      var note = document.getElementById("workflow-unsaved");
      note.hidden = false;
      note.scrollIntoView({block: "center"});
    });
  });
}());
