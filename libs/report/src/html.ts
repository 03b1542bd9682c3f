/**
 * Escape-by-default HTML building. Every interpolated value in an `html` template is
 * escaped unless it is already `SafeHtml` (the output of another `html` template or of
 * `raw`, which is only ever used for markup generated here, never for data). Names,
 * descriptions and ids come from customer spreadsheets, so nothing else is trusted.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute-value escaping (valid in HTML and in inline SVG). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Trusted markup produced by this library (CSS, generated SVG). Never pass data here. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
