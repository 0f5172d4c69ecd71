import {ipv4RangeToCidrs} from './ip-range.js';
import type {OktaNetworkCondition, OktaNetworkZone} from './schema.js';

/** A zone as the mapping sees it: read, or not readable with this credential (403, 404, a failure). */
export type ZoneView = {readonly kind: 'zone'; readonly zone: OktaNetworkZone} | {readonly kind: 'unreadable'};

/** The zone value Okta documents for "any network zone defined in Okta" (docs/vendors/okta.md, network [I]). */
export const allIpZones = 'ALL_IP_ZONES';

/**
The zone ids a network condition needs read to become an allow-list: its included zones, when there is nothing
that already rules an allow-list out. None for `ANYWHERE`, an exclude-only condition or `ALL_IP_ZONES`.
*/
export function zonesToRead(network: OktaNetworkCondition | undefined): string[] {
	if (network === undefined || !isZoneCondition(network)) {
		return [];
	}

	const include = network.include ?? [];
	return include.includes(allIpZones) ? [] : [...new Set(include)];
}

/**
A token's network condition as a source-IP allow-list (docs/vendors/okta.md, network):
- no condition, or `ANYWHERE`: `[]`, usable from any address [S];
- `ZONE` with included IP zones: the union of those zones' gateway addresses, CIDRs as Okta gives them and
  ranges split into CIDRs [S]. Proxies are trusted forwarders, not where a client may be, so they are left out [I].
  An exclusion beside the inclusion only narrows what the union allows, so the union is a safe upper bound [I];
- anything that is not a list of addresses: null, "not an allow-list tokenkit can state", with the condition
  kept in `raw` for a person to read. That is an exclude-only condition ("anywhere but these zones"), a dynamic
  zone (locations, ASNs), an inactive zone, `ALL_IP_ZONES`, a zone tokenkit could not read, an IP zone without
  gateways, and a connection value Okta may add later [I]. Reading such a condition as `[]` would call it
  unrestricted, and reading its IP part alone would call it narrower than it is.
*/
export function allowedIpsOf(network: OktaNetworkCondition | undefined, zoneOf: (zoneId: string) => ZoneView): readonly string[] | null {
	if (network === undefined || isAnywhere(network)) {
		return [];
	}

	if (!isZoneCondition(network)) {
		return null;
	}

	const include = network.include ?? [];
	if (include.length === 0 || include.includes(allIpZones)) {
		return null;
	}

	const addresses = new Set<string>();
	for (const zoneId of include) {
		const view = zoneOf(zoneId);
		if (view.kind === 'unreadable' || view.zone.type !== 'IP' || (view.zone.status ?? 'ACTIVE') !== 'ACTIVE') {
			return null;
		}

		for (const gateway of view.zone.gateways ?? []) {
			const cidrs = gateway.type === 'RANGE' ? ipv4RangeToCidrs(gateway.value) : undefined;
			for (const address of cidrs ?? [gateway.value]) {
				addresses.add(address);
			}
		}
	}

	return addresses.size === 0 ? null : [...addresses];
}

/** `ANYWHERE`, or a condition that names neither a connection nor a zone (an empty object). */
function isAnywhere(network: OktaNetworkCondition): boolean {
	if (network.connection === undefined) {
		return (network.include ?? []).length === 0 && (network.exclude ?? []).length === 0;
	}

	return network.connection.toUpperCase() === 'ANYWHERE';
}

function isZoneCondition(network: OktaNetworkCondition): boolean {
	return network.connection?.toUpperCase() === 'ZONE';
}
