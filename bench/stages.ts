import type * as v from 'valibot';
import {launchDarklyTokenToToken} from '../providers/launchdarkly/map.js';
import {TokensSchema} from '../providers/launchdarkly/schema.js';
import {mistOrgTokenToToken} from '../providers/mist/map.js';
import {MistOrgApiTokenListSchema} from '../providers/mist/schema.js';
import {opalTokenToToken} from '../providers/opal/map.js';
import {OpalTokenPageSchema} from '../providers/opal/schema.js';
import {parseResponse, tokenToJSON, type Token} from '../src/index.js';
import type {MeasuredVendorName} from './simulator-process.js';

/** CPU microseconds per token that each step of tokenkit's pipeline adds, on page bodies already in memory. */
export interface StageCosts {
	readonly jsonParse: number;
	/** The vendor's valibot wire schema, applied to the whole page as the adapter does. */
	readonly validate: number;
	/** The vendor record mapped to the normalized Token. */
	readonly normalize: number;
	/** `JSON.stringify(tokenToJSON(token))`, one ndjson line. */
	readonly serialize: number;
}

interface VendorSteps {
	readonly validate: (body: unknown) => number;
	readonly normalize: (body: unknown) => Token[];
}

/**
The same schema and mapping the adapters use (providers/<vendor>/schema.ts and map.ts), without the HTTP
around them: validation through `parseResponse`, as the adapters call it, so the step costs what it costs there.
*/
const steps: Record<MeasuredVendorName, VendorSteps> = {
	mist: {
		validate: body => validated(MistOrgApiTokenListSchema, body).length,
		normalize: body => validated(MistOrgApiTokenListSchema, body).map(record => mistOrgTokenToToken(record, 'bench')),
	},
	opal: {
		validate: body => validated(OpalTokenPageSchema, body).results.length,
		normalize: body => validated(OpalTokenPageSchema, body).results.map(record => opalTokenToToken(record, 'bench')),
	},
	launchdarkly: {
		validate: body => validated(TokensSchema, body).items?.length ?? 0,
		normalize: body => (validated(TokensSchema, body).items ?? []).map(record => launchDarklyTokenToToken(record, 'bench')),
	},
};

const benchContext = {provider: 'bench', account: 'bench'};

function validated<const TSchema extends v.GenericSchema>(schema: TSchema, body: unknown): v.InferOutput<TSchema> {
	return parseResponse(schema, {status: 200, headers: new Headers(), body, requestId: undefined, method: 'GET', path: '/bench'}, benchContext);
}

/**
Splits tokenkit's per-token CPU into its steps by timing ever longer prefixes of the pipeline over the same
page texts (parse; parse and validate; …) and taking differences. Each prefix runs once to warm up, then
`repeats` times; the median is kept.
*/
export function measureStages(vendor: MeasuredVendorName, texts: readonly string[], repeats: number): StageCosts {
	const {validate, normalize} = steps[vendor];
	const prefixes: Array<(body: string) => number> = [
		body => count(JSON.parse(body)),
		body => validate(JSON.parse(body)),
		body => normalize(JSON.parse(body)).length,
		body => normalize(JSON.parse(body)).reduce((bytes, token) => bytes + JSON.stringify(tokenToJSON(token)).length, 0),
	];
	const tokens = texts.reduce((sum, body) => sum + count(JSON.parse(body)), 0);
	const [parse = 0, validated = 0, normalized = 0, serialized = 0] = prefixes.map(prefix => {
		const run = (): number => {
			const started = process.cpuUsage();
			let sink = 0;
			for (const body of texts) {
				sink += prefix(body);
			}

			const used = process.cpuUsage(started);
			// `sink` is read so no step can be optimized away.
			return sink < 0 ? 0 : (used.user + used.system) / Math.max(1, tokens);
		};

		run();
		const timings = Array.from({length: repeats}, run).sort((left, right) => left - right);
		return timings[Math.floor(timings.length / 2)] ?? 0;
	});
	return {
		jsonParse: parse,
		validate: Math.max(0, validated - parse),
		normalize: Math.max(0, normalized - validated),
		serialize: Math.max(0, serialized - normalized),
	};
}

function count(body: unknown): number {
	if (Array.isArray(body)) {
		return body.length;
	}

	const items: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'results') ?? Reflect.get(body, 'items') : undefined;
	return Array.isArray(items) ? items.length : 0;
}
