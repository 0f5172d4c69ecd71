/**
One LaunchDarkly account listed by a baseline client in a process of its own, so that the benchmark measures it
as it measures `tokenkit inventory`: from spawn to exit, start-up included, CPU time and peak memory the
process's own (scenarios/launchdarkly.ts).

  launchdarkly-child.js bare --base-url URL --concurrency N --api-version V --page-size N --roles-page-size N
  launchdarkly-child.js official --base-url URL

`bare` is fetch + JSON.parse in tokenkit's request plan (bare-launchdarkly.ts), handed the adapter's constants on
its command line so that it loads nothing of tokenkit; `official` is LaunchDarkly's own client, sequential pages
of 1,000 (official-launchdarkly.ts). Each loads only its own client. The key comes in LD_API_KEY, out of the
process list. Prints one JSON line: {"tokens", "requests", "listMs"}, listMs being the listing without start-up.
*/
import {parseArgs} from 'node:util';
import type {LaunchDarklyAccount} from './launchdarkly-wire.js';

interface Listing {
	readonly tokens: number;
	readonly requests: number;
}

const {positionals, values} = parseArgs({
	allowPositionals: true,
	strict: true,
	options: {
		'base-url': {type: 'string'},
		'concurrency': {type: 'string'},
		'api-version': {type: 'string'},
		'page-size': {type: 'string'},
		'roles-page-size': {type: 'string'},
	},
});

const apiKey = process.env['LD_API_KEY'];
const baseUrl = values['base-url'];
if (apiKey === undefined || apiKey === '' || baseUrl === undefined) {
	throw new Error('launchdarkly-child: needs --base-url and the key in LD_API_KEY');
}

const account: LaunchDarklyAccount = {apiKey, baseUrl};
// Never aborted: the benchmark stops a child that overstays by killing it.
const {signal} = new AbortController();
const list = await loadClient(positionals[0]);
const started = performance.now();
const listing = await list();
process.stdout.write(`${JSON.stringify({tokens: listing.tokens, requests: listing.requests, listMs: performance.now() - started})}\n`);

async function loadClient(client: string | undefined): Promise<() => Promise<Listing>> {
	switch (client) {
		case 'bare': {
			const {listLaunchDarklyBare} = await import('./bare-launchdarkly.js');
			const apiVersion = values['api-version'];
			if (apiVersion === undefined || apiVersion === '') {
				throw new Error('launchdarkly-child: bare needs --api-version');
			}

			const wire = {apiVersion, pageSize: whole(values['page-size'], 'page-size'), rolesPageSize: whole(values['roles-page-size'], 'roles-page-size')};
			const concurrency = whole(values.concurrency, 'concurrency');
			return async () => listLaunchDarklyBare(account, wire, concurrency, signal);
		}

		case 'official': {
			const {listWithOfficialClient} = await import('./official-launchdarkly.js');
			return async () => listWithOfficialClient(account, signal);
		}

		default: {
			throw new Error(`launchdarkly-child: the client is bare or official; got "${client ?? ''}"`);
		}
	}
}

function whole(text: string | undefined, flag: string): number {
	const number = Number(text);
	if (text === undefined || !Number.isInteger(number) || number < 1) {
		throw new Error(`launchdarkly-child: --${flag} must be a whole number of at least 1; got "${text ?? ''}"`);
	}

	return number;
}
