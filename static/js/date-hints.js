// A visible format hint under every date and date-time field: a browser set to another language
// shows mm/dd/yyyy in the box, and an old one shows a plain text box.
(function () {
  var hints = { date: "格式：年-月-日，如 2026-07-15", "datetime-local": "格式：年-月-日 时:分，如 2026-07-15 09:30" };
  function addHints(root) {
    root.querySelectorAll("input[type=date], input[type=datetime-local]").forEach(function (input) {
      var type = input.getAttribute("type");
      var id = (input.id || input.name) + "_datehint";
      if (document.getElementById(id)) return;
      if (!input.placeholder) input.placeholder = type === "date" ? "年-月-日" : "年-月-日 时:分";
      var hint = document.createElement("div");
      hint.className = "date-hint";
      hint.id = id;
      hint.textContent = hints[type];
      input.insertAdjacentElement("afterend", hint);
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", described ? described + " " + id : id);
    });
  }
  addHints(document);
  document.addEventListener("htmx:afterSettle", function (event) { addHints(event.target); });
})();
