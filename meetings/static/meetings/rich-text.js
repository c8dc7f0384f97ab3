/* A small editor for rich text (a case's Ärendet, a paragraph's notes): headings, paragraphs,
   lists, bold and italic. It enhances a textarea marked data-rich-text and writes the HTML back
   into it; without JavaScript the textarea takes plain text. What it shows from the textarea
   (or from a paste) is copied element by element through the same short list of tags the
   server's sanitiser allows, so nothing typed or pasted runs as code. */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var ALLOWED = { H3: 1, H4: 1, P: 1, BR: 1, UL: 1, OL: 1, LI: 1, STRONG: 1, EM: 1, B: 1, I: 1,
    U: 1, A: 1, BLOCKQUOTE: 1, SUP: 1, SUB: 1 };
  var DROPPED = { SCRIPT: 1, STYLE: 1, TEMPLATE: 1, IFRAME: 1, OBJECT: 1, EMBED: 1, SVG: 1,
    MATH: 1, TITLE: 1, HEAD: 1 };
  var LOOKS_LIKE_HTML = /<\/?(p|h[1-6]|ul|ol|li|br|div|span|strong|em|b|i|u|a|blockquote|sup|sub|table|tr|td|th|font|script|style|img)[\s>\/]/i;

  function copyAllowed(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === 3) {
        target.appendChild(document.createTextNode(node.nodeValue));
        return;
      }
      if (node.nodeType !== 1 || DROPPED[node.nodeName]) { return; }
      if (!ALLOWED[node.nodeName]) {
        copyAllowed(node, target);
        return;
      }
      var copy = document.createElement(node.nodeName.toLowerCase());
      if (node.nodeName === "A") {
        var href = node.getAttribute("href") || "";
        if (/^(https?:|mailto:)/i.test(href)) { copy.setAttribute("href", href); }
      }
      copyAllowed(node, copy);
      target.appendChild(copy);
    });
  }

  function fragmentFrom(text) {
    var fragment = document.createDocumentFragment();
    text = (text || "").trim();
    if (!text) { return fragment; }
    if (!LOOKS_LIKE_HTML.test(text)) {
      text.split(/\n\s*\n/).forEach(function (block) {
        var paragraph = document.createElement("p");
        block.split("\n").forEach(function (line, index) {
          if (index) { paragraph.appendChild(document.createElement("br")); }
          paragraph.appendChild(document.createTextNode(line));
        });
        fragment.appendChild(paragraph);
      });
      return fragment;
    }
    // DOMParser makes an inert document: nothing in it loads or runs.
    copyAllowed(new DOMParser().parseFromString(text, "text/html").body, fragment);
    return fragment;
  }

  var BUTTONS = [
    [gettext("Rubrik"), "formatBlock", "h3"],
    [gettext("Underrubrik"), "formatBlock", "h4"],
    [gettext("Stycke"), "formatBlock", "p"],
    [gettext("Punktlista"), "insertUnorderedList"],
    [gettext("Numrerad lista"), "insertOrderedList"],
    [gettext("Fet"), "bold"],
    [gettext("Kursiv"), "italic"]
  ];

  function enhance(textarea) {
    var label = document.querySelector("label[for='" + textarea.id + "']");
    var name = label ? label.textContent.replace("*", "").trim() : textarea.name;
    var wrapper = document.createElement("div");
    wrapper.className = "rte";
    var toolbar = document.createElement("div");
    toolbar.className = "rte__toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", gettext("Formatering") + ": " + name);
    var area = document.createElement("div");
    area.className = "rte__area";
    area.id = textarea.id + "_editor";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-label", name);
    var described = textarea.getAttribute("aria-describedby");
    if (described) { area.setAttribute("aria-describedby", described); }
    if (textarea.getAttribute("aria-invalid")) { area.setAttribute("aria-invalid", "true"); }
    toolbar.setAttribute("aria-controls", area.id);
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[0];
      // Keep the selection in the text while the button is pressed.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        area.focus();
        document.execCommand(spec[1], false, spec[2] ? "<" + spec[2] + ">" : null);
        sync();
      });
      toolbar.appendChild(button);
    });
    area.appendChild(fragmentFrom(textarea.value));
    if (!area.firstChild) {
      var empty = document.createElement("p");
      empty.appendChild(document.createElement("br"));
      area.appendChild(empty);
    }
    function sync() {
      textarea.value = area.textContent.trim() ? area.innerHTML : "";
    }
    area.addEventListener("input", sync);
    area.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) { return; }
      event.preventDefault();
      var html = data.getData("text/html");
      var holder = document.createElement("div");
      holder.appendChild(html ? fragmentFrom(html) : fragmentFrom(data.getData("text/plain")));
      document.execCommand("insertHTML", false, holder.innerHTML);
      sync();
    });
    if (label) { label.addEventListener("click", function () { area.focus(); }); }
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(wrapper, textarea.nextSibling);
    if (textarea.form) { textarea.form.addEventListener("submit", sync); }
  }

  document.execCommand("defaultParagraphSeparator", false, "p");
  document.querySelectorAll("textarea[data-rich-text]").forEach(enhance);
})();
