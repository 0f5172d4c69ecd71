import type {StoredToken} from './model.js';

/** RFC 3339 without milliseconds, as Cloudflare's examples write times (`2018-07-01T05:20:00Z`) [S]. */
export function rfc3339(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** What a token's status reads as now: `expired` once past `expires_on`, whatever was set [S]. */
export function shownStatus(token: StoredToken, now: number): 'active' | 'disabled' | 'expired' {
	return token.expiresOn !== null && token.expiresOn <= now ? 'expired' : token.status;
}

/**
A token as list, get and update show it (`iam_token_base`): never the secret [S]. Fields with no value are left
out, as the spec's examples do; a token never used has no `last_used_on` [I].
*/
export function tokenWire(token: StoredToken, now: number): Record<string, unknown> {
	return {
		id: token.id,
		name: token.name,
		status: shownStatus(token, now),
		issued_on: rfc3339(token.issuedOn),
		modified_on: rfc3339(token.modifiedOn),
		...(token.lastUsedOn === null ? {} : {last_used_on: rfc3339(token.lastUsedOn)}),
		...(token.notBefore === null ? {} : {not_before: rfc3339(token.notBefore)}),
		...(token.expiresOn === null ? {} : {expires_on: rfc3339(token.expiresOn)}),
		...(token.requestIp === undefined ? {} : {condition: {request_ip: {...token.requestIp}}}),
		policies: token.policies.map(policy => ({...policy, permission_groups: policy.permission_groups.map(group => ({...group}))})),
		...(token.creatorEmail === null ? {} : {creator_email_at_creation: token.creatorEmail}),
	};
}
