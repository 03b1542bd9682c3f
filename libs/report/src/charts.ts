/*
 * Horizontal bar charts as inline SVG, generated here. The pack is one static, printable
 * file with no network access and no script, so a charting library (which would either be
 * inlined as a large JS bundle or render client-side) buys nothing: a bar chart is a few
 * <rect>s whose widths we compute. Values arrive as Decimals; floats are used only for
 * pixel geometry, never for money.
 */
import type { Dec } from '@closegap/domain';
import { html, SafeHtml } from './html';

export interface Bar {
  label: string;
  value: Dec;
  /** text printed after the bar, e.g. "$12,345.00 (17)" */
  valueLabel: string;
  /** bar fill; defaults to the chart colour */
  color?: string;
}

export interface BarChartOptions {
  /** accessible name of the chart */
  title: string;
  color?: string;
  /** intrinsic width in CSS px; the chart shrinks (never grows) to fit, so text stays ~12px */
  width?: number;
  labelWidth?: number;
  /** room for the value text after the bar */
  valueWidth?: number;
}

const ROW = 24;
const BAR = 15;
const PAD_Y = 6;
const CHAR_PX = 7; // average glyph width of the 12px system sans, for truncation

function truncate(label: string, maxPx: number): string {
  const max = Math.max(4, Math.floor(maxPx / CHAR_PX));
  return label.length > max ? label.slice(0, max - 1).trimEnd() + '\u2026' : label;
}

function fmt(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

export function barChart(bars: readonly Bar[], opts: BarChartOptions): SafeHtml {
  const width = opts.width ?? 900;
  const labelWidth = opts.labelWidth ?? 230;
  const valueWidth = opts.valueWidth ?? 150;
  const plotX = labelWidth + 8;
  const plotWidth = Math.max(40, width - plotX - valueWidth);
  const height = bars.length * ROW + PAD_Y * 2;
  const max = bars.reduce<Dec | undefined>((m, b) => (m === undefined || b.value.gt(m) ? b.value : m), undefined);
  const color = opts.color ?? '#2f5d8a';

  const rows = bars.map((bar, i) => {
    const y = PAD_Y + i * ROW;
    const ratio = max && max.gt(0) && bar.value.gt(0) ? bar.value.div(max).toNumber() : 0;
    const w = ratio > 0 ? Math.max(1.5, ratio * plotWidth) : 0;
    const cy = y + ROW / 2;
    return html`<g><title>${bar.label}: ${bar.valueLabel}</title><text x="${labelWidth}" y="${fmt(cy)}" text-anchor="end" dominant-baseline="central" class="bl">${truncate(bar.label, labelWidth)}</text><rect x="${plotX}" y="${fmt(cy - BAR / 2)}" width="${plotWidth}" height="${BAR}" fill="#eef1f5"/><rect x="${plotX}" y="${fmt(cy - BAR / 2)}" width="${fmt(w)}" height="${BAR}" fill="${bar.color ?? color}"/><text x="${fmt(plotX + plotWidth + 8)}" y="${fmt(cy)}" dominant-baseline="central" class="bv">${bar.valueLabel}</text></g>`;
  });

  return html`<svg class="chart" role="img" aria-label="${opts.title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMinYMin meet"><title>${opts.title}</title>${rows}</svg>`;
}
