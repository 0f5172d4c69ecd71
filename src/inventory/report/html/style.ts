/**
The page's one stylesheet. Colours are variables, set once for light and once for `prefers-color-scheme: dark`; the
charts draw with classes, never inline styles (the Content-Security-Policy allows this stylesheet by its hash and no
`style` attribute). Print drops the controls and the dark background and keeps each chart on one page.
*/
export const reportStyle = `
:root {
	color-scheme: light dark;
	--bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --accent: #0969da;
	--high: #cf222e; --medium: #bc4c00; --low: #9a6700; --accepted: #8c959f;
	--org: #0969da; --service: #1a7f37; --personal: #8250df; --unknown: #8c959f; --count: #0969da;
}
@media (prefers-color-scheme: dark) {
	:root {
		--bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --panel: #161b22; --accent: #4493f8;
		--high: #f85149; --medium: #db6d28; --low: #d29922; --accepted: #6e7681;
		--org: #4493f8; --service: #3fb950; --personal: #ab7df8; --unknown: #6e7681; --count: #4493f8;
	}
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 0; }
p.meta, figcaption p, .count { color: var(--muted); margin: 2px 0 8px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; padding: 0; list-style: none; }
.cards li { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 130px; }
.cards strong { display: block; font-size: 22px; }
.cards .high strong { color: var(--high); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 16px; }
figure.chart { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
svg text { fill: var(--fg); font: 12px system-ui, sans-serif; }
svg text.value { fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 12px; list-style: none; margin: 8px 0 0; padding: 0; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 4px; }
.kind-org { fill: var(--org); } .kind-service { fill: var(--service); } .kind-personal { fill: var(--personal); } .kind-unknown { fill: var(--unknown); }
.severity-high { fill: var(--high); } .severity-medium { fill: var(--medium); } .severity-low { fill: var(--low); } .severity-accepted { fill: var(--accepted); }
.series-count { fill: var(--count); }
.controls { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
.controls input { font: inherit; padding: 4px 8px; min-width: 280px; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td { overflow-wrap: anywhere; }
th { background: var(--panel); position: sticky; top: 0; }
th button { font: inherit; font-weight: 600; color: var(--fg); background: none; border: 0; padding: 0; cursor: pointer; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
td.severity-high { color: var(--high); font-weight: 600; } td.severity-medium { color: var(--medium); } td.severity-low { color: var(--low); }
tr.accepted td { color: var(--muted); }
td.ref { font-family: ui-monospace, monospace; font-size: 12px; }
@media print {
	:root { --bg: #ffffff; --fg: #000000; --muted: #444444; --line: #bbbbbb; --panel: #ffffff; }
	body { padding: 0; }
	.controls, noscript { display: none; }
	.charts { display: block; }
	figure.chart { break-inside: avoid; margin-bottom: 12px; }
	th { position: static; }
	tr { break-inside: avoid; }
}
`;
