/** Numbers, ratios, dashes and medians with their range (`1,234 (1,180–1,302)`): the cells that read best right-aligned. */
const numeric = /^(?:-|[\d,.]+(?: ×)?(?: \([\d,.]+–[\d,.]+\))?)$/;

/** A plain-text table: columns of numbers right-aligned, the others left-aligned. */
export function textTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => (row[column] ?? '').length)));
	const right = header.map((_, column) => rows.length > 0 && rows.every(row => numeric.test(row[column] ?? '')));
	const line = (cells: readonly string[]): string => cells
		.map((cell, column) => right[column] === true ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))
		.join('  ')
		.trimEnd();
	return [line(header), widths.map(width => '-'.repeat(width)).join('  '), ...rows.map(row => line(row))].join('\n');
}

export function fixed(value: number, digits = 0): string {
	return value.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
}
