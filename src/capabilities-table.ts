import type {Capabilities, TokenOperation} from './provider.js';

/** A vendor as the capability table names it. */
export interface CapabilityRow {
	readonly title: string;
	readonly capabilities: Capabilities;
}

const operations: readonly TokenOperation[] = ['list', 'get', 'create', 'update', 'delete', 'rotate'];

const paginationText = {none: 'none (one response)', cursor: 'cursor', offset: 'limit/offset, pages in parallel', pages: 'page numbers, pages in parallel'} as const;

/**
The Markdown table of what each vendor supports, rendered from the providers' declared capabilities. The
README carries its output, and a test fails when the two disagree, so the docs cannot drift from the code.
*/
export function renderCapabilityTable(rows: readonly CapabilityRow[]): string {
	const mark = (value: boolean): string => (value ? 'yes' : 'no');
	const header = ['', ...rows.map(row => row.title)];
	const lines: string[][] = [
		...operations.map(operation => [operation, ...rows.map(row => mark(row.capabilities.operations[operation]))]),
		['pagination', ...rows.map(row => paginationText[row.capabilities.pagination])],
		['largest page', ...rows.map(row => (row.capabilities.maxPageSize === null ? 'n/a' : String(row.capabilities.maxPageSize)))],
		['rotation', ...rows.map(row => row.capabilities.rotation?.summary ?? 'none (rotate in the vendor UI)')],
		['expiry', ...rows.map(row => mark(row.capabilities.fields.expiry))],
		['last use', ...rows.map(row => mark(row.capabilities.fields.lastUsed))],
		['IP allow-list', ...rows.map(row => mark(row.capabilities.fields.ipAllowList))],
		['description', ...rows.map(row => mark(row.capabilities.fields.description))],
		['owner', ...rows.map(row => mark(row.capabilities.fields.owner))],
	];
	const render = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
	return [render(header), render(header.map(() => '---')), ...lines.map(line => render(line))].join('\n');
}
