/* global document, getComputedStyle, Node, HTMLSelectElement, HTMLInputElement -- the page's: this runs in the tab, handed to it as text by contrast.ts */
// Plain JavaScript, not TypeScript: the test runner's transform would add helpers the page does not have.
(function measureText(rootSelector) {
  const parse = (css) => {
    const m = /rgba?\(([^)]+)\)/.exec(css);
    if (!m) return { r: 0, g: 0, b: 0, a: 0 };
    const p = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, base) => ({
    r: top.r * top.a + base.r * (1 - top.a),
    g: top.g * top.a + base.g * (1 - top.a),
    b: top.b * top.a + base.b * (1 - top.a),
    a: 1,
  });
  const channel = (v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.a > 0) layers.push(c);
      if (c.a >= 1) break;
    }
    let base = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) base = over(layer, base);
    return base;
  };
  const css = (c) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
  const measure = (el, what, text, colour) => {
    const bg = background(el);
    const fg = over(parse(colour), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    return { what, text: text.slice(0, 40), fg: css(fg), bg: css(bg), ratio: (hi + 0.05) / (lo + 0.05) };
  };
  const visible = (el) => {
    const style = getComputedStyle(el);
    return el.getClientRects().length > 0 && style.visibility !== 'hidden' && Number(style.opacity) > 0;
  };
  const describe = (el) =>
    el.tagName.toLowerCase() +
    (el.id ? `#${el.id}` : '') +
    (el.className ? `.${String(el.className).replace(/\s+/g, '.')}` : '');
  const out = [];
  const root = document.querySelector(rootSelector);
  if (!root) return out;
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (!visible(el) || el.closest(':disabled') || el.closest('option')) continue;
    const own = [...el.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim();
    if (el instanceof HTMLSelectElement) {
      out.push(measure(el, describe(el), el.selectedOptions[0]?.textContent ?? '', getComputedStyle(el).color));
    } else if (el instanceof HTMLInputElement) {
      if (el.value) out.push(measure(el, describe(el), el.value, getComputedStyle(el).color));
      if (el.placeholder && !el.value)
        out.push(
          measure(el, `${describe(el)}::placeholder`, el.placeholder, getComputedStyle(el, '::placeholder').color),
        );
    } else if (own) out.push(measure(el, describe(el), own, getComputedStyle(el).color));
  }
  return out;
});
