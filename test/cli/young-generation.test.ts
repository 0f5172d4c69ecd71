import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';

const run = promisify(execFile);
const modulePath = fileURLToPath(new URL('../../src/cli/young-generation.ts', import.meta.url));

/**
Runs a fresh Node process that may call keepYoungGenerationSmall, then allocates what a listing does (pages
of short-lived records) and prints the young generation's size in MiB and what the call returned.
*/
async function youngGenerationAfterListingLikeWork(call: boolean, nodeOptions = ''): Promise<{mib: number; applied: boolean | null}> {
	const script = `
		import {getHeapSpaceStatistics} from 'node:v8';
		const {keepYoungGenerationSmall} = await import(${JSON.stringify(modulePath)});
		const applied = ${call ? 'keepYoungGenerationSmall(process.execArgv, process.env.NODE_OPTIONS)' : 'null'};
		let kept = 0;
		for (let page = 0; page < 200; page++) {
			const records = Array.from({length: 1000}, (_, index) => ({id: String(page * 1000 + index), raw: {name: 'x'.repeat(40 + index % 7), links: [{href: '/a/' + index}]}}));
			kept += JSON.stringify(records).length % 7;
		}
		const space = getHeapSpaceStatistics().find(candidate => candidate.space_name === 'new_space');
		console.log(JSON.stringify({mib: space.space_size / 1048576, applied, kept}));
	`;
	const {stdout} = await run(process.execPath, ['--experimental-strip-types', '--no-warnings', '--input-type=module', '-e', script], {env: {...process.env, NODE_OPTIONS: nodeOptions}});
	const {mib, applied} = JSON.parse(stdout) as {mib: number; applied: boolean | null};
	return {mib, applied};
}

describe('keepYoungGenerationSmall', () => {
	it('keeps the young generation from growing while pages of records come and go', async () => {
		const grown = await youngGenerationAfterListingLikeWork(false);
		const kept = await youngGenerationAfterListingLikeWork(true);
		expect(kept.applied).toBe(true);
		// Left alone, V8 doubles it several times under this load; kept small, it stays at its starting size.
		expect(grown.mib).toBeGreaterThanOrEqual(8);
		expect(kept.mib).toBeLessThanOrEqual(2);
	}, 60_000);

	it('leaves the young generation to a user who sized it', async () => {
		const chosen = await youngGenerationAfterListingLikeWork(true, '--max-semi-space-size=32');
		expect(chosen.applied).toBe(false);
		expect(chosen.mib).toBeGreaterThanOrEqual(8);
	}, 60_000);
});
