import { escapeHtml } from '@closegap/report';

/** Escape-by-default HTML: interpolated values are escaped unless they are Safe (another template's output). */
export class Safe {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}
export type HtmlValue = Safe | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Safe) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Safe {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Safe(out);
}

/** Data for the page's script, in a non-executed JSON block (CSP allows no inline script). */
export function jsonBlock(id: string, data: unknown): Safe {
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return new Safe(`<script type="application/json" id="${escapeHtml(id)}">${json}</script>`);
}
