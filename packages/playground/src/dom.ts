/**
 * Building DOM elements in one call, so views read as the markup they make.
 *
 * @module
 */

type Attrs = Readonly<Record<string, string | number | boolean | undefined>>;

/** An element with attributes (`class`, `data-*`, `for`, ...) and children (text or elements). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  e.append(...children);
  return e;
}

/** Sets the text of `e` only when it changed (cheap enough for every frame). */
export function setText(e: Element, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}
