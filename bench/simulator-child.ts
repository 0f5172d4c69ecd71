/**
One vendor's simulator in a process of its own, for a benchmark that needs an option of the simulator that
`tokenkit simulate` does not take: Okta's page size of its API token list (`apiTokenPageSize`), so that a large
org's list comes in `Link: rel="next"` pages rather than in one answer. It takes the flags of `tokenkit simulate`
that simulator-process.ts sends, plus `--options` (a JSON object of the simulator's own options), prints the same
line on stdout, and serves until SIGTERM or SIGINT.
*/
import {once} from 'node:events';
import {parseArgs} from 'node:util';
import {createOktaSimulator, startSimulatorServer, type SeedOptions, type VendorSimulator} from '../src/simulators.js';

interface CommonOptions extends SeedOptions {
	readonly rateLimits: boolean;
}

/** A simulator made with options of its own; `options` holds only the names the vendor lists in `accepts`. */
interface ChildSimulator {
	readonly accepts: readonly string[];
	create(common: CommonOptions, options: Readonly<Record<string, number>>): VendorSimulator;
}

/** The vendors whose simulator options a benchmark sets; any other is started by `tokenkit simulate`. */
const childSimulators: Readonly<Record<string, ChildSimulator>> = {
	okta: {
		accepts: ['apiTokenPageSize'],
		create: (common, options) => createOktaSimulator({...common, rateLimit: common.rateLimits ? undefined : false, apiTokenPageSize: options['apiTokenPageSize']}),
	},
};

const {values} = parseArgs({
	strict: true,
	options: {
		'options': {type: 'string'},
		'vendors': {type: 'string'},
		'accounts': {type: 'string'},
		'tokens': {type: 'string'},
		'latency': {type: 'string'},
		'seed': {type: 'string'},
		'no-rate-limits': {type: 'boolean'},
	},
});

const vendor = values.vendors ?? '';
const child = childSimulators[vendor];
if (child === undefined) {
	throw new Error(`simulator-child: no simulator options for vendor "${vendor}"; known: ${Object.keys(childSimulators).join(', ')}`);
}

const options = readOptions(values.options ?? '{}', child.accepts);
const seed = whole(values.seed ?? '1', 'seed');
const simulator = child.create({accounts: whole(values.accounts ?? '2', 'accounts'), tokens: whole(values.tokens ?? '25', 'tokens'), seed, rateLimits: values['no-rate-limits'] !== true}, options);
const server = await startSimulatorServer(simulator, {seed, latency: {fixed: whole(values.latency ?? '0', 'latency')}});
console.log(JSON.stringify({vendor, baseUrl: server.baseUrl, accounts: simulator.accounts()}));
await Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT')]);
await server.close();

function readOptions(text: string, accepts: readonly string[]): Readonly<Record<string, number>> {
	const parsed: unknown = JSON.parse(text);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new TypeError(`simulator-child: --options must be a JSON object; got ${text}`);
	}

	const options: Record<string, number> = {};
	for (const [name, value] of Object.entries(parsed)) {
		if (!accepts.includes(name) || typeof value !== 'number') {
			throw new TypeError(`simulator-child: ${vendor} takes the numeric options ${accepts.join(', ')}; got ${name}: ${JSON.stringify(value)}`);
		}

		options[name] = value;
	}

	return options;
}

function whole(text: string, flag: string): number {
	const number = Number(text);
	if (!Number.isInteger(number) || number < 0) {
		throw new Error(`simulator-child: --${flag} must be a whole number; got "${text}"`);
	}

	return number;
}
