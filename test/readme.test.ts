import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {builtInVendors} from '../providers/index.js';
import {renderCapabilityTable} from '../src/capabilities-table.js';

const readme = async (): Promise<string> => readFile(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
	it('shows the capability table the providers declare', async () => {
		const text = await readme();
		const start = text.indexOf('<!-- capabilities:start -->\n');
		const end = text.indexOf('\n<!-- capabilities:end -->');
		expect(start).toBeGreaterThan(-1);
		const table = text.slice(start + '<!-- capabilities:start -->\n'.length, end);
		// On a mismatch, the expected side is the table to paste into the README.
		expect(table).toBe(renderCapabilityTable(builtInVendors));
	});

	it('gives exactly the two quick-start commands: the demo and the tests', async () => {
		const text = await readme();
		const quickStart = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
		expect(quickStart.trim().split('\n').map(line => line.replace(/\s+#.*$/, ''))).toEqual(['npm install && npm start', 'npm test']);
	});
});
