import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';

const run = promisify(execFile);
const modulePath = fileURLToPath(new URL('../../src/cli/heap-sizing.ts', import.meta.url));

interface HeapAfterWork {
	/** The young generation's size at the end, MiB. */
	readonly youngMib: number;
	/** The largest the whole heap was during the work, MiB. */
	readonly mostMib: number;
	/** What sizeHeapForListing set; null when it was not called. */
	readonly applied: readonly string[] | null;
}

/**
Runs a fresh Node process that may call sizeHeapForListing, then does what a listing does to the heap: some data
that stays (about 40 MB, as eight accounts' pages in flight) and pages of records that come, wait a little behind
others (long enough to reach the old generation) and go.
*/
async function heapAfterListingLikeWork(call: boolean, chosen: {readonly nodeOptions?: string; readonly nodeFlags?: readonly string[]} = {}): Promise<HeapAfterWork> {
	const script = `
		import {getHeapSpaceStatistics, getHeapStatistics} from 'node:v8';
		const {sizeHeapForListing} = await import(${JSON.stringify(modulePath)});
		const applied = ${call ? 'sizeHeapForListing(process.execArgv, process.env.NODE_OPTIONS)' : 'null'};
		const staying = Array.from({length: 300000}, (_, index) => ({id: String(index), links: [{href: '/x/' + index}]}));
		const waiting = [];
		let most = 0;
		for (let page = 0; page < 1500; page++) {
			waiting.push(Array.from({length: 1000}, (_, index) => ({id: String(page * 1000 + index), raw: {name: 'x'.repeat(40 + index % 7), links: [{href: '/a/' + index}]}})));
			if (waiting.length > 8) {
				waiting.shift();
			}

			most = Math.max(most, getHeapStatistics().total_heap_size);
		}

		const young = getHeapSpaceStatistics().find(candidate => candidate.space_name === 'new_space');
		console.log(JSON.stringify({youngMib: young.space_size / 1048576, mostMib: most / 1048576, applied, staying: staying.length}));
	`;
	const {stdout} = await run(process.execPath, [...chosen.nodeFlags ?? [], '--experimental-strip-types', '--no-warnings', '--input-type=module', '-e', script], {env: {...process.env, NODE_OPTIONS: chosen.nodeOptions ?? ''}});
	return JSON.parse(stdout) as HeapAfterWork;
}

describe('sizeHeapForListing', () => {
	it('holds the young generation near its starting size', async () => {
		const left = await heapAfterListingLikeWork(false);
		const sized = await heapAfterListingLikeWork(true);
		expect(sized.applied).toEqual(['--semi-space-growth-factor=1', '--heap-growing-percent=75']);
		// Left alone, V8 doubles it several times under this load (to 16–32 MiB under Node 22, 128 MiB under Node 24).
		// Sized, it stays at its start under Node 22; Node 24's V8 still grows it now and then, to a few MiB.
		expect(left.youngMib).toBeGreaterThanOrEqual(8);
		expect(sized.youngMib).toBeLessThanOrEqual(Math.max(2, left.youngMib / 8));
	}, 60_000);

	it('keeps the old generation near what stays in it', async () => {
		// The growth a user may choose on node's command line (NODE_OPTIONS does not take this flag): V8's own, at most.
		const grown = await heapAfterListingLikeWork(true, {nodeFlags: ['--heap-growing-percent=300']});
		const sized = await heapAfterListingLikeWork(true);
		expect(grown.applied).toEqual(['--semi-space-growth-factor=1']);
		// With pages promoted and dropped, V8's growth takes the heap to about 300 MiB around 40 MB that stays; capped, well under half.
		expect(sized.mostMib).toBeLessThan(grown.mostMib * 0.6);
	}, 60_000);

	it('leaves the young generation to a user who sized it', async () => {
		const chosen = await heapAfterListingLikeWork(true, {nodeOptions: '--max-semi-space-size=32'});
		expect(chosen.applied).toEqual(['--heap-growing-percent=75']);
		expect(chosen.youngMib).toBeGreaterThanOrEqual(8);
	}, 60_000);
});
