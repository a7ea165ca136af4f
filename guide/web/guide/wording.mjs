// The page's wording: every practitioner-facing string of the page script comes from guide/engine/wording.json
// (keys starting "guide." and "why."), with the policy's own overrides, carried in the page's data.

export function makeWording(texts) {
  return function t(key, values = {}) {
    const text = texts[key];
    if (text == null) {
      console.error(`guide: no wording for ${key}`);
      return key;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  };
}
