/**
 * The pack's only stylesheet, inlined into <style>. System font stack (no web fonts),
 * light backgrounds only, A4 print rules: each major section starts a new page, rows,
 * tiles and charts never split across pages, colours of badges and bars kept when printed.
 */
export const PACK_CSS = `
:root {
  --ink: #1d2430; --muted: #5b6675; --line: #d9dee5; --soft: #f5f7fa; --accent: #2f5d8a;
  --warn-ink: #8a1c12; --warn-line: #d92d20; --warn-bg: #fff4f2; --ok-ink: #205c3b; --ok-bg: #f1f8f4;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: #fff; color: var(--ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
  font-size: 13px; line-height: 1.45;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
main { max-width: 1040px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 24px; margin: 0 0 2px; letter-spacing: -0.01em; }
h2 { font-size: 17px; margin: 0 0 10px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 14px; margin: 18px 0 8px; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 11.5px; }
.nowrap { white-space: nowrap; }

header.pack { display: flex; justify-content: space-between; align-items: flex-end; gap: 24px;
  border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 18px; }
header.pack .agency { font-size: 12px; text-transform: uppercase; letter-spacing: 0.08em; color: var(--accent); font-weight: 600; }
header.pack dl { display: grid; grid-template-columns: auto auto; gap: 1px 12px; margin: 0; font-size: 12px; }
header.pack dt { color: var(--muted); text-align: right; }
header.pack dd { margin: 0; font-variant-numeric: tabular-nums; }

section { margin: 0 0 26px; }
.tiles { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 10px; margin-bottom: 16px; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: var(--soft); break-inside: avoid; }
.tile .k { font-size: 11px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.tile .v { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; margin-top: 2px; }
.tile .s { font-size: 11.5px; color: var(--muted); }
.tile.primary { border-color: var(--accent); background: #fff; border-width: 2px; }
.tile .s.warn { color: var(--warn-ink); font-weight: 600; }

.not-checked { border: 3px solid var(--warn-line); background: var(--warn-bg); border-radius: 6px; padding: 12px 16px; margin: 0 0 20px; break-inside: avoid; }
.not-checked h2 { color: var(--warn-ink); border-bottom: 1px solid var(--warn-line); font-size: 18px; letter-spacing: 0.02em; }
.not-checked table { background: #fff; }
.not-checked p { color: var(--warn-ink); }
.all-checked { border: 1px solid #9ccbb0; background: var(--ok-bg); color: var(--ok-ink); border-radius: 6px; padding: 10px 14px; margin: 0 0 20px; }

table { width: 100%; border-collapse: collapse; margin: 6px 0 4px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; text-align: left; }
thead th { white-space: nowrap; font-size: 11px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); border-bottom: 1.5px solid var(--ink); font-weight: 600; }
tfoot td { font-weight: 650; border-top: 1.5px solid var(--ink); border-bottom: none; }
tr { break-inside: avoid; }
.chart { display: block; margin: 4px 0 6px; max-width: 100%; height: auto; }
.chart .bl { font-size: 12px; fill: var(--ink); font-family: inherit; }
.chart .bv { font-size: 12px; fill: var(--ink); font-variant-numeric: tabular-nums; font-family: inherit; }
.grid2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 22px; }

.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 10.5px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.04em; border: 1px solid transparent; white-space: nowrap; }
.sev-critical { color: #912018; background: #fee4e2; border-color: #f5b3ac; }
.sev-high { color: #93370d; background: #fef0c7; border-color: #f5cf7a; }
.sev-medium { color: #1849a9; background: #e3efff; border-color: #a9c8f5; }
.sev-low { color: #475467; background: #f2f4f7; border-color: #d0d5dd; }
.tag { display: inline-block; font-size: 10.5px; color: var(--muted); border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; margin-left: 4px; }

table.exceptions td { border-bottom: none; }
table.exceptions tbody { break-inside: avoid; border-bottom: 1px solid var(--line); }
table.exceptions tr.evidence td { padding-top: 0; padding-bottom: 9px; font-size: 12px; color: #323b48; }
table.exceptions .rank { color: var(--muted); width: 24px; }
.evidence .lbl { color: var(--muted); font-weight: 600; }
.exp-act { white-space: nowrap; font-variant-numeric: tabular-nums; }
.exp-act .arrow { color: var(--muted); padding: 0 3px; }

.missing { color: var(--warn-ink); font-weight: 650; }
footer { margin-top: 30px; padding-top: 8px; border-top: 1px solid var(--line); color: var(--muted); font-size: 11px; }

@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 10.5px; }
  main { max-width: none; padding: 0; }
  section.page { break-before: page; page-break-before: always; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .tile .v { font-size: 18px; }
  th, td { padding: 4px 5px; }
  thead th { white-space: normal; }
  .chart, .not-checked, .tile, table.exceptions tbody { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
@media screen and (max-width: 640px) {
  .tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .grid2 { grid-template-columns: 1fr; }
  header.pack { flex-direction: column; align-items: flex-start; }
}
`;
