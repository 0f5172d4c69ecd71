import type {StoredPolicy, StoredRequestIp, StoredToken} from './model.js';

/** Where each live secret leads. */
export type KeyIndex = Map<string, StoredToken>;

/** Why a key does not authenticate, or the token it is. */
export type Authentication =
	| {readonly ok: true; readonly token: StoredToken}
	| {readonly ok: false; readonly reason: 'missing' | 'invalid'};

/**
The bearer token of a request (docs/vendors/cloudflare.md, auth [S]). A token that is unknown, disabled, expired or not
yet valid does not authenticate: Cloudflare answers all of them alike, as an invalid token [I].
*/
export function authenticate(index: KeyIndex, header: string | undefined, now: number): Authentication {
	if (header === undefined || header === '') {
		return {ok: false, reason: 'missing'};
	}

	const match = /^Bearer\s+(\S+)$/i.exec(header);
	const token = match?.[1] === undefined ? undefined : index.get(match[1]);
	if (token === undefined || token.status !== 'active' || (token.expiresOn !== null && token.expiresOn <= now) || (token.notBefore !== null && token.notBefore > now)) {
		return {ok: false, reason: 'invalid'};
	}

	return {ok: true, token};
}

/** Whether a policy resource key covers `target` (an account, zone or user key), wildcards and nesting included. */
function covers(resources: StoredPolicy['resources'], target: string, zoneAccount: string | undefined): boolean {
	for (const [key, value] of Object.entries(resources)) {
		if (typeof value === 'string') {
			if (key === target || (key.endsWith('.*') && target.startsWith(key.slice(0, -1)) && !target.slice(key.length - 1).includes('.'))) {
				return true;
			}

			continue;
		}

		// A nested map is "these resources within account <key>": it covers a zone of that account.
		if (zoneAccount !== undefined && key === zoneAccount && Object.keys(value).some(inner => inner === target || inner === 'com.cloudflare.api.account.zone.*')) {
			return true;
		}
	}

	return false;
}

/**
Whether the token may use one of `groups` on `target`: an allow policy grants it and no deny policy takes it back.
`zoneAccount` is the account key a zone target belongs to, for nested resources.
*/
export function permits(token: StoredToken, groups: readonly string[], target: string, zoneAccount?: string): boolean {
	const matching = (policy: StoredPolicy): boolean => policy.permission_groups.some(group => groups.includes(group.name)) && covers(policy.resources, target, zoneAccount);
	return token.policies.some(policy => policy.effect === 'allow' && matching(policy)) && !token.policies.some(policy => policy.effect === 'deny' && matching(policy));
}

/**
Whether the caller's address passes the token's `request_ip` condition: inside `in` when there is one, and outside
`not_in`. IPv4 ranges are matched by prefix; an IPv6 entry matches only the same address written out (the
simulator serves loopback, which is IPv4).
*/
export function addressAllowed(condition: StoredRequestIp | undefined, address: string): boolean {
	const ip = address.replace(/^::ffff:/, '');
	if (condition?.in !== undefined && condition.in.length > 0 && !condition.in.some(range => inRange(ip, range))) {
		return false;
	}

	return !(condition?.not_in ?? []).some(range => inRange(ip, range));
}

function inRange(ip: string, range: string): boolean {
	const [base = '', bitsText] = range.split('/');
	const address = ipv4(ip);
	const network = ipv4(base);
	if (address === null || network === null) {
		return ip === base;
	}

	const bits = bitsText === undefined ? 32 : Number(bitsText);
	if (!Number.isInteger(bits) || bits < 0 || bits > 32) {
		return false;
	}

	const mask = bits === 0 ? 0 : (0xff_ff_ff_ff << (32 - bits)) >>> 0;
	return ((address & mask) >>> 0) === ((network & mask) >>> 0);
}

function ipv4(text: string): number | null {
	const parts = text.split('.');
	if (parts.length !== 4 || parts.some(part => !/^\d{1,3}$/.test(part) || Number(part) > 255)) {
		return null;
	}

	return parts.reduce((value, part) => ((value << 8) >>> 0) + Number(part), 0);
}

/** An IPv4 or IPv6 address or CIDR range, as `iam_cidr_list` holds them. */
export function isCidr(text: string): boolean {
	const [base = '', bits] = text.split('/');
	if (ipv4(base) !== null) {
		return bits === undefined || (/^\d{1,2}$/.test(bits) && Number(bits) <= 32);
	}

	return /^[\da-f:]+$/i.test(base) && base.includes(':') && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= 128));
}
