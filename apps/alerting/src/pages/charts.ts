import { Safe, html, jsonBlock } from './html';

const PALETTE = ['#2f5d8a', '#e07b39', '#3a9d7a', '#c44e52', '#8172b2', '#937860', '#da8bc3', '#8c8c8c', '#ccb974', '#64b5cd'];

let counter = 0;

/** A Chart.js chart: a canvas and its config in a JSON block, drawn by console.js. */
export function chart(title: string, config: Record<string, unknown>, height = 260): Safe {
  const id = `chart-${++counter}`;
  return html`<div class="chart" style="height:${height}px"><canvas data-chart="${id}" role="img" aria-label="${title}"></canvas></div>${jsonBlock(id, config)}`;
}

export function barChart(title: string, labels: string[], values: number[], opts: { horizontal?: boolean; color?: string; money?: boolean } = {}): Safe {
  return chart(title, {
    type: 'bar',
    data: { labels, datasets: [{ label: title, data: values, backgroundColor: opts.color ?? PALETTE[0] }] },
    options: { indexAxis: opts.horizontal ? 'y' : 'x', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true }, y: { beginAtZero: true } } },
  });
}

export function doughnut(title: string, labels: string[], values: number[], colors?: string[]): Safe {
  return chart(title, {
    type: 'doughnut',
    data: { labels, datasets: [{ data: values, backgroundColor: colors ?? PALETTE.slice(0, labels.length) }] },
    options: { plugins: { legend: { position: 'right' } } },
  });
}

export function trendChart(labels: string[], counts: number[], values: number[]): Safe {
  return chart('Exceptions and value at risk by run', {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: 'Exceptions', data: counts, borderColor: PALETTE[0], backgroundColor: PALETTE[0], yAxisID: 'y', tension: 0.2 },
        { label: 'Value at risk', data: values, borderColor: PALETTE[1], backgroundColor: PALETTE[1], yAxisID: 'y1', tension: 0.2 },
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: { y: { beginAtZero: true, position: 'left', title: { display: true, text: 'exceptions' } }, y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'value at risk' } } },
    },
  });
}
