// Marks the wagtail-localize editor with the direction of its target language,
// so that translation boxes for Arabic, Dari, Pashto, Sorani and Urdu run right to left.
document.addEventListener("DOMContentLoaded", function () {
    var editor = document.querySelector(".js-translation-editor");
    var languages = document.getElementById("portal-rtl-languages");
    if (!editor || !languages) return;
    var rtl = JSON.parse(languages.textContent);
    var code = JSON.parse(editor.dataset.props).locale.code;
    var isRtl = rtl.indexOf(code) >= 0 || rtl.indexOf(code.split("-")[0]) >= 0;
    editor.dataset.targetDir = isRtl ? "rtl" : "ltr";
    editor.setAttribute("lang", code);
});
