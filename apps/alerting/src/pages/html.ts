import { SafeHtml, escapeHtml } from '@closegap/report';

/** The console builds its pages with the pack's escape-by-default templates (libs/report). */
export { SafeHtml as Safe, html } from '@closegap/report';
export type { HtmlValue } from '@closegap/report';

/** Data for the page's script, in a non-executed JSON block (CSP allows no inline script). */
export function jsonBlock(id: string, data: unknown): SafeHtml {
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return new SafeHtml(`<script type="application/json" id="${escapeHtml(id)}">${json}</script>`);
}
