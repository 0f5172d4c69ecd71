import type {OktaApi} from './api.js';
import {createLookupCache} from '../../src/lookup-cache.js';
import type {ZoneView} from './network.js';
import {OktaNetworkZoneSchema} from './schema.js';

export interface OktaZones {
	/** Each zone once per provider while fresh (lookup-cache.ts), from `GET /api/v1/zones/{zoneId}`. */
	lookUp(zoneIds: Iterable<string>, signal: AbortSignal | undefined): Promise<(zoneId: string) => ZoneView>;
	/** One zone, with the reason it could not be read: for a change that names it, which must be checked first. */
	check(zoneId: string, signal: AbortSignal | undefined): Promise<{readonly view: ZoneView; readonly problem: string | null}>;
}

interface ZoneAnswer {
	readonly view: ZoneView;
	readonly problem: string | null;
}

/** A zone tokenkit cannot read (403, 404, any failure) is `unreadable`: the token's allow-list is then not stated. */
export function createOktaZones(api: OktaApi): OktaZones {
	const cache = createLookupCache<ZoneAnswer>(async (zoneId, signal) => {
		try {
			const {data} = await api.fetch(OktaNetworkZoneSchema, {method: 'GET', path: `api/v1/zones/${encodeURIComponent(zoneId)}`, signal});
			return data.id === zoneId ? {view: {kind: 'zone', zone: data}, problem: null} : {view: {kind: 'unreadable'}, problem: `the answer was about zone "${data.id}"`};
		} catch (error) {
			if (signal?.aborted === true) {
				throw error;
			}

			return {view: {kind: 'unreadable'}, problem: error instanceof Error ? error.message : String(error)};
		}
	});

	return {
		async lookUp(zoneIds, signal) {
			const found = await cache.resolve(zoneIds, signal);
			return zoneId => found.get(zoneId)?.view ?? {kind: 'unreadable'};
		},
		async check(zoneId, signal) {
			const found = await cache.resolve([zoneId], signal);
			return found.get(zoneId) ?? {view: {kind: 'unreadable'}, problem: 'not looked up'};
		},
	};
}
