/** The report's stylesheet: readable on screen, and on paper (print shows every section, charts unbroken, no navigation). */
export const STYLES = `
:root { --fg: #0f172a; --muted: #64748b; --line: #e2e8f0; --bad: #dc2626; --good: #16a34a; --bg-bad: #fef2f2; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1200px; padding: 0 24px 48px; }
nav { background: #fff; border-bottom: 1px solid var(--line); padding: 8px 0; z-index: 1; }
nav a { margin-right: 16px; color: #2563eb; text-decoration: none; }
h1 { font-size: 22px; margin: 16px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); } h3 { font-size: 15px; margin: 18px 0 6px; }
small, .note { color: var(--muted); }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
.verdict { font-size: 16px; font-weight: 600; } .ok { color: var(--good); } .failed { color: var(--bad); }
table { border-collapse: collapse; margin: 6px 0 12px; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.facts th { color: var(--muted); font-weight: normal; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 8px; margin: 8px 0; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.tile .label { color: var(--muted); font-size: 12px; } .tile .value { font-size: 18px; font-weight: 600; word-break: break-word; } .tile .oracle { font-size: 12px; color: var(--muted); }
.differs, tr.differs td, td.differs { background: var(--bg-bad); } .mark { color: var(--bad); font-weight: 700; } .same { color: var(--good); }
.chart { position: relative; width: 100%; margin: 6px 0 10px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.switch button { border: 1px solid var(--line); background: #fff; padding: 2px 10px; cursor: pointer; } .switch button[aria-pressed="true"] { background: #e0e7ff; }
table.cases tr.fail td { background: var(--bg-bad); } table.cases tr.skipped td { color: var(--muted); }
.evidence { margin: 4px 0 0; padding-left: 18px; } .seq { font-family: ui-monospace, monospace; }
.thresholds { list-style: none; padding: 0; }
@media print {
  nav, .switch { display: none; }
  body { max-width: none; padding: 0; font-size: 11px; }
  .chart, .tiles, tr { break-inside: avoid; }
  section.campaign, #errors, #performance, #conformance { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
`
