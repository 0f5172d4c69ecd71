import type {Owner, Token, TokenStatus} from '../../src/token.js';
import {isAdmin, policiesToPrivileges} from './privileges.js';
import type {CloudflareRequestIp, CloudflareToken} from './schema.js';

/** What the mapping needs to know besides the record. */
export interface CloudflareMapContext {
	readonly account: string;
	/** `/user/tokens` are the calling user's own (`personal`); `/accounts/{id}/tokens` are the account's (`service`). */
	readonly scope: 'user' | 'account';
	/** The id of the token tokenkit authenticates with, from verify; null when it is no token of this scope. */
	readonly ownTokenId: string | null;
	/** The calling user, for user tokens, when known: every token of `/user/tokens` is theirs. */
	readonly user?: Owner | null | undefined;
}

/**
Turns one validated Cloudflare token into the normalized record. Pure, so it is tested with tables of cases.
- Times are RFC 3339 strings [S]: `issued_on` is the creation, `last_used_on` the last use (absent or null: never),
  `expires_on` the end (absent: never expires [D]), `not_before` when it starts to work (`notBefore`: a token
  issued ahead of its use has not been usable, so the audit does not call it unused).
- Status is Cloudflare's own (`active`, `disabled`, `expired`); one it does not document is taken as `active`, since
  a key of unknown state must be judged as a working one.
- `allowedIps` is `condition.request_ip.in` (or `"request.ip"`), `[]` when there is none: unrestricted. A deny-list
  (`not_in`) alone is no allow-list: the token stays unrestricted (`[]`) and the deny-list stays visible in `raw`.
- Privileges and `admin` come from the policies (privileges.ts).
- Account tokens name their creator only by the email Cloudflare recorded at creation (SDK field
  `creator_email_at_creation` [D]), which cannot tell whether that person is still a member: status `unknown`,
  and with no email when none was recorded. User tokens belong to the calling user (`GET /user`, status
  `present`); when that lookup is refused, to someone unknown.
- There is no masked preview of the secret [S]: `secretHint` is null.
*/
export function cloudflareTokenToToken(record: CloudflareToken, context: CloudflareMapContext): Token {
	const policies = record.policies ?? [];
	const creator = record.creator_email_at_creation;
	// Cloudflare records a creator for some account tokens only, and never says one left: nobody named is "not
	// recorded" (status unknown), not "gone", so the audit does not take every older token for an orphan.
	const createdBy: Owner = {id: null, email: creator === undefined || creator === null || creator === '' ? null : creator, status: 'unknown'};
	const owner = context.scope === 'user' ? context.user ?? unrecorded : createdBy;
	return {
		provider: 'cloudflare',
		account: context.account,
		id: record.id,
		name: record.name ?? '',
		description: null,
		kind: context.scope === 'user' ? 'personal' : 'service',
		status: tokenStatus(record.status),
		ownCredential: context.ownTokenId !== null && record.id === context.ownTokenId,
		owner,
		createdBy: context.scope === 'user' ? owner : createdBy,
		createdAt: dateOrNull(record.issued_on),
		lastUsedAt: dateOrNull(record.last_used_on),
		expiresAt: dateOrNull(record.expires_on),
		notBefore: dateOrNull(record.not_before),
		privileges: policiesToPrivileges(policies),
		admin: isAdmin(policies),
		allowedIps: allowList(requestIp(record)),
		secretHint: null,
		raw: record,
	};
}

const unrecorded: Owner = {id: null, email: null, status: 'unknown'};

function tokenStatus(status: string | undefined): TokenStatus {
	return status === 'disabled' || status === 'expired' ? status : 'active';
}

/** The token's `request_ip` condition under either key the vendor has used. */
export function requestIp(record: CloudflareToken): CloudflareRequestIp | undefined {
	return record.condition?.request_ip ?? record.condition?.['request.ip'];
}

function allowList(condition: CloudflareRequestIp | undefined): readonly string[] {
	return condition?.in === undefined ? [] : [...condition.in];
}

function dateOrNull(value: string | null | undefined): Date | null {
	return value === undefined || value === null ? null : new Date(value);
}
