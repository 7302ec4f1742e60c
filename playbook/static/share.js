// Share links: a calculator's inputs live in the URL fragment (never sent to a server), as
// `#FORM_ID?name=value&...`. The text is encoded exactly once here and decoded exactly once,
// so whatever a rep typed (`罚款&滞纳金`, `a+b`, `100%`, `#`, `=`) comes back unchanged.

// The fragment for `formId` holding `pairs`, an iterable of [name, text].
export function encodeState(formId, pairs) {
  return `#${encodeURIComponent(formId)}?${new URLSearchParams([...pairs])}`;
}

// The [name, text] pairs the fragment `hash` (location.hash, still percent-encoded) holds for
// `formId`, or null when the fragment is about another form or no form at all.
export function decodeState(hash, formId) {
  const text = String(hash || "").replace(/^#/, "");
  const cut = text.indexOf("?");
  if (cut < 0) return null;
  let id;
  try {
    id = decodeURIComponent(text.slice(0, cut));
  } catch {
    return null; // a mangled fragment is not ours
  }
  if (id !== formId) return null;
  return [...new URLSearchParams(text.slice(cut + 1))];
}
