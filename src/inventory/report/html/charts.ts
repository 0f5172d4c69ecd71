import {escapeHtml} from './escape.js';

/** One part of a bar: a count of one series, drawn in that series' colour (a CSS class of the page). */
export interface Segment {
	readonly series: string;
	readonly value: number;
}

export interface Bar {
	readonly label: string;
	readonly segments: readonly Segment[];
}

/** A series as the legend names it, and the CSS class its colour comes from. */
export interface Series {
	readonly id: string;
	readonly label: string;
	readonly className: string;
}

export interface BarChart {
	/** For `data-chart`, so tests and styles can find it. */
	readonly id: string;
	readonly title: string;
	/** One sentence under the title: what is counted. */
	readonly caption: string;
	readonly series: readonly Series[];
	readonly bars: readonly Bar[];
}

const width = 520;
const labelWidth = 150;
const valueWidth = 48;
const rowHeight = 24;
const barHeight = 16;
const plotWidth = width - labelWidth - valueWidth;

function total(bar: Bar): number {
	return bar.segments.reduce((sum, segment) => sum + segment.value, 0);
}

/**
A horizontal bar chart as inline SVG: one row per bar, its segments stacked left to right, the total after it, and a
tooltip (`<title>`) on every segment. Every bar shares one scale, so lengths compare across rows. Drawn here, not by
a script, so the chart is in the file as it is written: it shows with scripts off, in a mail preview and in print.
Colours come from the page's classes, so light and dark modes and print restyle it.
*/
export function barChartSvg(chart: BarChart): string {
	const largest = Math.max(1, ...chart.bars.map(bar => total(bar)));
	const height = Math.max(1, chart.bars.length) * rowHeight + 8;
	const seriesOf = new Map(chart.series.map(series => [series.id, series]));
	const rows = chart.bars.map((bar, index) => {
		const y = index * rowHeight + 4;
		let x = labelWidth;
		const segments = bar.segments.filter(segment => segment.value > 0).map(segment => {
			const series = seriesOf.get(segment.series);
			const length = Math.max(1, (segment.value / largest) * plotWidth);
			const rect = `<rect class="segment ${escapeHtml(series?.className ?? '')}" x="${x.toFixed(1)}" y="${y + (rowHeight - barHeight) / 2}" width="${length.toFixed(1)}" height="${barHeight}"><title>${escapeHtml(`${bar.label}, ${series?.label ?? segment.series}: ${segment.value}`)}</title></rect>`;
			x += length;
			return rect;
		}).join('');
		const baseline = y + rowHeight / 2 + 4;
		return `<g class="row"><text class="label" x="${labelWidth - 8}" y="${baseline}" text-anchor="end">${escapeHtml(shorten(bar.label))}</text>${segments}<text class="value" x="${(x + 6).toFixed(1)}" y="${baseline}">${total(bar)}</text></g>`;
	}).join('');
	const legend = chart.series.length > 1
		? `<ul class="legend">${chart.series.map(series => `<li><svg width="12" height="12" aria-hidden="true"><rect class="${escapeHtml(series.className)}" width="12" height="12"/></svg>${escapeHtml(series.label)}</li>`).join('')}</ul>`
		: '';
	const titleId = `chart-${escapeHtml(chart.id)}-title`;
	return `<figure class="chart" data-chart="${escapeHtml(chart.id)}"><figcaption><h3 id="${titleId}">${escapeHtml(chart.title)}</h3><p>${escapeHtml(chart.caption)}</p></figcaption>`
		+ `<svg role="img" aria-labelledby="${titleId}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rows}</svg>${legend}</figure>`;
}

/** Labels are vendor and bucket names; an account name could be long, and the chart keeps its column. */
function shorten(label: string): string {
	return label.length > 22 ? `${label.slice(0, 21)}…` : label;
}
