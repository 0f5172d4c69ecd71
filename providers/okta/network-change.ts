import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import type {OktaNetworkChange, OktaUpdateTokenInput} from './types.js';

/** The condition Okta is sent: `connection` and, for `ZONE`, the zone lists as given. */
export interface OktaNetworkBody {
	readonly connection: 'ANYWHERE' | 'ZONE';
	readonly include?: string[] | undefined;
	readonly exclude?: string[] | undefined;
}

/**
Checks a change before any request, naming the field at fault: only `network` may change, `connection` is
`ANYWHERE` or `ZONE`, a `ZONE` names at least one zone, `ANYWHERE` names none, and every zone id is one path
segment. A mistake here is a ConfigError: nothing was sent.
*/
export function checkNetworkChange(change: OktaUpdateTokenInput, context: ErrorContext): OktaNetworkBody {
	for (const field of ['name', 'description', 'privileges'] as const) {
		if (change[field] !== undefined) {
			throw new ConfigError(`field "${field}": Okta's API changes only an API token's network condition; ${field === 'privileges' ? 'a token has its owner\'s roles: change those in the Admin Console' : `change the ${field} in the Admin Console`}`, context);
		}
	}

	const network: OktaNetworkChange | undefined = change.network;
	if (network === undefined) {
		throw new ConfigError('field "network" is required: the only thing Okta lets an API token change is its network condition', context);
	}

	// Read as a plain string: a caller outside TypeScript may send anything.
	const connection: string = network.connection;
	if (connection === 'ANYWHERE') {
		if ('include' in network || 'exclude' in network) {
			throw new ConfigError('field "network.include": a condition of connection ANYWHERE names no zones; use connection ZONE to name them', context);
		}

		return {connection: 'ANYWHERE'};
	}

	if (connection !== 'ZONE' || network.connection !== 'ZONE') {
		throw new ConfigError(`field "network.connection" must be ANYWHERE or ZONE; got "${connection.slice(0, 40)}"`, context);
	}

	const include = zoneIds(network.include, 'network.include', context);
	const exclude = zoneIds(network.exclude, 'network.exclude', context);
	if (include.length === 0 && exclude.length === 0) {
		throw new ConfigError('field "network.include": a condition of connection ZONE names at least one zone to include or exclude', context);
	}

	return {connection: 'ZONE', ...(include.length > 0 ? {include} : {}), ...(exclude.length > 0 ? {exclude} : {})};
}

function zoneIds(ids: readonly string[] | undefined, field: string, context: ErrorContext): string[] {
	if (ids === undefined) {
		return [];
	}

	if (!Array.isArray(ids)) {
		throw new ConfigError(`field "${field}" must be a list of zone ids`, context);
	}

	return ids.map((id: unknown, index) => {
		if (typeof id !== 'string' || id.trim() === '' || id !== id.trim() || id.includes('/')) {
			throw new ConfigError(`field "${field}[${index}]" must be a network zone id such as nzovw2rFz2YoqmvwZ0g9; got ${typeof id === 'string' ? JSON.stringify(id.slice(0, 60)) : typeof id}`, context);
		}

		return id;
	});
}
