export { renderPack, DEFAULT_TITLE } from './pack';
export { NO_EXCEPTIONS_TEXT } from './format';
export type { PackInput } from './pack';
export { renderSummaryText } from './summary-text';
export type { SummaryTextOptions } from './summary-text';
export { escapeHtml, html, raw, SafeHtml } from './html';
export type { HtmlValue } from './html';
