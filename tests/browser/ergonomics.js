// Phone ergonomics of the page as it is shown (run with page.evaluate; returns a list of problems).
// - nothing wider than the screen, and nothing inside it scrolling sideways;
// - every tap target at least 44×44 CSS px (a link inside a sentence is exempt, as in WCAG 2.5.5;
//   a checkbox or radio counts with its label, a stretched link with its card: what a finger taps);
// - no text column narrower than 8 characters: text that wraps inside a box less than 8em wide.
() => {
  const MIN_TAP = 44;
  const problems = [];
  const viewportWidth = window.innerWidth;
  const describe = (el) => {
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || el.name || "").trim().replace(/\s+/g, " ");
    const id = el.id ? `#${el.id}` : "";
    const where = el.closest("[data-testid]");
    const inside = where && where !== el ? ` in [data-testid=${where.dataset.testid}]` : "";
    return `<${el.tagName.toLowerCase()}${id}> "${text.slice(0, 30)}"${inside}`;
  };
  const visible = (el) => {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== "hidden" && style.display !== "none" && el.closest("[hidden], .d-none, .visually-hidden") === null;
  };

  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > viewportWidth + 1) problems.push(`page is ${scrollWidth}px wide on a ${viewportWidth}px screen`);

  // Nor a table or a tab bar scrolling sideways inside the page: on a phone it becomes cards, a list or a chart.
  for (const el of document.querySelectorAll("body *")) {
    const overflowX = getComputedStyle(el).overflowX;
    if ((overflowX === "auto" || overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1 && visible(el)) {
      problems.push(`scrolls sideways (${el.scrollWidth}px in ${el.clientWidth}px): ${describe(el)}`);
    }
  }

  const targets = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex='-1'])"
  );
  for (const el of targets) {
    if (!visible(el)) continue;
    let rect = el.getBoundingClientRect();
    if (el.matches("input[type=checkbox], input[type=radio]")) {
      const holder = el.closest("label, .form-check") || (el.id && document.querySelector(`label[for="${el.id}"]`));
      if (holder) rect = holder.getBoundingClientRect();
    }
    if (el.classList.contains("stretched-link")) {
      // Bootstrap's stretched link: the whole card (its positioned ancestor) is what a finger taps.
      const holder = el.closest(".card, .position-relative");
      if (holder) rect = holder.getBoundingClientRect();
    } else if (el.matches("a") && getComputedStyle(el).display === "inline") {
      // Inline exception: a link in running text (its block holds more text than the link).
      const block = el.parentElement.closest("p, li, dd, td, th, div, span, small, h1, h2, h3, h4, h5, h6, label");
      if (block && block.innerText.trim().length > el.innerText.trim().length + 2) continue;
    }
    if (rect.width < MIN_TAP - 0.5 || rect.height < MIN_TAP - 0.5) {
      problems.push(`tap target ${Math.round(rect.width)}×${Math.round(rect.height)}px: ${describe(el)}`);
    }
  }

  const blocks = document.querySelectorAll("td, th, p, li, dd, dt, h1, h2, h3, h4, h5, h6, label, .card-body, .card-header");
  for (const el of blocks) {
    if (!visible(el)) continue;
    const style = getComputedStyle(el);
    const em = parseFloat(style.fontSize);
    const inner = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner >= 8 * em - 1) continue;
    // Only text that wraps: more than one line of it.
    const range = document.createRange();
    range.selectNodeContents(el);
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    const lineHeight = parseFloat(style.lineHeight) || em * 1.5;
    const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim().length > 0);
    if (ownText && lines.size > 1 && el.scrollHeight > lineHeight * 1.6) {
      problems.push(`text column ${Math.round(inner / em)} characters wide: ${describe(el)}`);
    }
  }
  return problems;
}
