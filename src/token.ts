import {isoString} from './iso-date.js';

/**
What a token is for, as far as the vendor says.
- `org`: belongs to an organization rather than a person (Mist org tokens).
- `personal`: acts as the person who made it (LaunchDarkly personal tokens, Mist self tokens).
- `service`: acts as a non-human identity (LaunchDarkly service tokens, Opal service users).
- `unknown`: the vendor's record does not say.
*/
export type TokenKind = 'org' | 'personal' | 'service' | 'unknown';

/**
Whether the vendor still has a person or identity a token names.
- `present`: the vendor still lists them (suspended or not, they are in the account).
- `gone`: the vendor says they were removed, deleted or deprovisioned, or no longer knows the id.
- `unknown`: tokenkit could not find out (the lookup was refused or failed).
*/
export type OwnerStatus = 'present' | 'gone' | 'unknown';

/**
Whether the token can still authenticate, as the vendor reports it.
- `active`: it works (a vendor that lists only working tokens and keeps no state reports every token so).
- `expired`: the vendor says it has expired and still lists it.
- `revoked`: revoked, still listed by the vendor as evidence (GitLab keeps revoked tokens).
- `disabled`: switched off by a person and can be switched on again (still judged by the audit: the risk stays).

A vendor without a state field reports `active` even past `expiresAt`: the audit judges expiry from the date.
*/
export type TokenStatus = 'active' | 'expired' | 'revoked' | 'disabled';

/** The person or identity a token belongs to or was created by. */
export interface Owner {
	/** Vendor id of the member or user; null when the vendor gives only an email. */
	readonly id: string | null;
	/** Email address when the vendor gives one; null otherwise. */
	readonly email: string | null;
	/** Whether the vendor still has them; an audit flags a token whose owner or creator is `gone`. */
	readonly status: OwnerStatus;
}

/**
One thing a token may do, in the vendor's own words.
@example {role: 'admin', scope: 'org', resource: '6f1b…'} // Mist org admin
@example {role: 'reader', scope: 'account', resource: null} // LaunchDarkly base role
*/
export interface Privilege {
	/** The vendor's role name: `admin`, `read`, `reader`, `FULL_ACCESS`, a custom role key, … */
	readonly role: string;
	/** What the role applies to: `org`, `site`, `account`, `custom-role`, `policy`, … */
	readonly scope: string;
	/** The id or pattern the scope narrows to; null when the role covers the whole scope. */
	readonly resource: string | null;
}

/**
The normalized record of one API token, the same for every vendor.

Times are `Date` in the library and ISO 8601 strings in JSON (see {@link tokenToJSON}).
`raw` is the validated vendor record with any secret value removed by the adapter.
*/
export interface Token {
	/** Vendor name: `mist`, `opal`, `launchdarkly`, … */
	readonly provider: string;
	/** The account label of the provider instance that listed it. */
	readonly account: string;
	readonly id: string;
	/** Human label; the empty string when the vendor has none for this token. */
	readonly name: string;
	/** Free text; null when the vendor has no description field or it is empty. */
	readonly description: string | null;
	readonly kind: TokenKind;
	readonly status: TokenStatus;
	/**
	True when this is the very token the account's credential is: rotating or revoking it cuts off tokenkit's own
	access to the account. Found through the vendor's self or verify endpoint where it has one; false when it is
	another token or the vendor gives no way to tell.
	*/
	readonly ownCredential: boolean;
	/**
	Who the token belongs to (or who created it, when the vendor records only that). Null when the vendor names
	nobody: Mist and LaunchDarkly say a creator is gone that way. A vendor that names a departed identity gives
	an owner with `status: 'gone'`.
	*/
	readonly owner: Owner | null;
	/** Who minted the token, where the vendor records it; null when it does not, or names nobody. */
	readonly createdBy: Owner | null;
	/** When it was created; null only when the vendor does not say. */
	readonly createdAt: Date | null;
	/** Last authenticated use; null when never used, or when the vendor does not track use (see capabilities.fields.lastUsed). */
	readonly lastUsedAt: Date | null;
	/** When it stops working; null when it never expires, or when the vendor has no expiry (see capabilities.fields.expiry). */
	readonly expiresAt: Date | null;
	/**
	When it starts to work, where the vendor lets a token be issued ahead of its use (Cloudflare's `not_before`);
	null or absent when it works from creation. Until then the key cannot authenticate, so nobody can have used it.
	*/
	readonly notBefore?: Date | null | undefined;
	readonly privileges: readonly Privilege[];
	/**
	Derived from privileges by the adapter with the vendor's own rule (an org-wide admin role, `*` on `*`, full
	access). Null when the adapter cannot tell: the token holds a role whose grants the credential may not read
	(a LaunchDarkly custom role it cannot list). Null is not "not admin".
	*/
	readonly admin: boolean | null;
	/** Source IPs/CIDRs the token is limited to: `[]` means unrestricted; null means the vendor has no allow-list. */
	readonly allowedIps: readonly string[] | null;
	/** The masked tail the vendor shows (e.g. `…QQCL`), never the whole key; null when the vendor shows nothing. */
	readonly secretHint: string | null;
	/** The validated vendor record, secret fields removed. */
	readonly raw: unknown;
}

/** The JSON form of a Token: the public contract of `--format json` and `ndjson`. */
export type TokenJSON = Omit<Token, 'createdAt' | 'lastUsedAt' | 'expiresAt' | 'notBefore'> & {
	readonly createdAt: string | null;
	readonly lastUsedAt: string | null;
	readonly expiresAt: string | null;
	/** Present where the vendor has the field (see Token.notBefore). */
	readonly notBefore?: string | null;
};

/** Converts a Token to its JSON contract: the same fields, times as ISO 8601 strings. */
export function tokenToJSON(token: Token): TokenJSON {
	return {
		provider: token.provider,
		account: token.account,
		id: token.id,
		name: token.name,
		description: token.description,
		kind: token.kind,
		status: token.status,
		ownCredential: token.ownCredential,
		owner: token.owner,
		createdBy: token.createdBy,
		createdAt: isoOrNull(token.createdAt),
		lastUsedAt: isoOrNull(token.lastUsedAt),
		expiresAt: isoOrNull(token.expiresAt),
		// Only where the vendor has the field, so the records of every other vendor keep their shape.
		...(token.notBefore === undefined ? {} : {notBefore: isoOrNull(token.notBefore)}),
		privileges: token.privileges,
		admin: token.admin,
		allowedIps: token.allowedIps,
		secretHint: token.secretHint,
		raw: token.raw,
	};
}

function isoOrNull(date: Date | null): string | null {
	return date === null ? null : isoString(date);
}
