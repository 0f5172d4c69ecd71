import type {Fix, Remedy} from './inventory/audit/types.js';
import type {ReadAheadBudget} from './read-ahead.js';
import type {RotationStrategy} from './rotation/strategy.js';
import type {Secret} from './secret.js';
import type {Privilege, Token} from './token.js';

/** The operations of a TokenProvider. */
export type TokenOperation = 'list' | 'get' | 'create' | 'update' | 'delete' | 'rotate';

/**
How a vendor splits a token list into pages.
- `none`: one response holds every token (Mist).
- `cursor`: each page names the next; pages must be read one after another (Opal).
- `offset`: `limit`/`offset`; once the total is known, pages can be read side by side (LaunchDarkly).
- `pages`: page numbers; once the first page gives the total, the others can be read side by side (Datadog).
*/
export type PaginationStyle = 'none' | 'cursor' | 'offset' | 'pages';

/** What a vendor's token API can do and which fields it knows, declared before any call is made. */
export interface Capabilities {
	/** Every operation, true where the vendor's API offers it. Calling a false one throws UnsupportedOperationError. */
	readonly operations: Readonly<Record<TokenOperation, boolean>>;
	readonly pagination: PaginationStyle;
	/** How the vendor rotates a key (its folder supplies it); null when its API cannot mint keys, so rotation happens in its UI. */
	readonly rotation: RotationStrategy | null;
	/** The largest page the vendor serves; null when it does not paginate. */
	readonly maxPageSize: number | null;
	/** Which Token fields carry vendor data (false means the field is always null or empty for this vendor). */
	readonly fields: {
		readonly expiry: boolean;
		readonly lastUsed: boolean;
		readonly ipAllowList: boolean;
		readonly description: boolean;
		readonly owner: boolean;
	};
	/**
	The audit's remedies where this vendor allows another than the default one, by the fix a policy asks for: what
	tokenkit can apply, and one line of advice. Absent fixes keep the defaults (src/inventory/audit/remedy.ts).
	@example {expire: {remedy: 'rotate', advice: 'rotate it (tokenkit rotate): the new token expires'}}
	@example {rotate: {remedy: 'none', advice: 'ask the owner for a new token, then revoke this one (tokenkit revoke)'}}
	*/
	readonly remedies?: Readonly<Partial<Record<Fix, {readonly remedy: Remedy; readonly advice: string}>>> | undefined;
	/**
	Where one provider lists kinds of token the vendor treats differently (Datadog: only access tokens expire, and its
	API mints an application key only for the caller or a service account), what holds for this one token. The audit
	judges and advises by it, and a rotation plan refuses a token whose `operations.rotate` is false, with
	`remedies.rotate.advice` as what to do instead. Absent: every token has the provider's capabilities.
	*/
	readonly forToken?: ((token: Token) => Capabilities) | undefined;
}

/** Options every call accepts. */
export interface CallOptions {
	/** Stops the call, including a wait for a retry or a rate limit, as soon as it fires. */
	readonly signal?: AbortSignal | undefined;
}

export interface ListOptions extends CallOptions {
	/** Items per request; defaults to the largest the vendor allows. Ignored where the vendor does not paginate. */
	readonly pageSize?: number | undefined;
	/**
	Room for pages asked for ahead of the reader, shared with the other listings of a run (src/read-ahead.ts), so that
	many accounts listed at once hold a bounded number of pages. Without it a listing reads as far ahead as its
	vendor's concurrency allows. Ignored where the vendor's pages come one after another.
	*/
	readonly readAhead?: ReadAheadBudget | undefined;
}

/** A token to mint. Vendors ignore nothing silently: a field the vendor cannot honour is a ConfigError. */
export interface CreateTokenInput {
	readonly name: string;
	readonly description?: string | undefined;
	/** In the vendor's own role vocabulary (see Privilege). */
	readonly privileges?: readonly Privilege[] | undefined;
	/** Source IPs/CIDRs to limit the token to, where the vendor supports an allow-list. */
	readonly allowedIps?: readonly string[] | undefined;
	/** `service` for a non-human token where the vendor distinguishes them. */
	readonly kind?: 'service' | 'personal' | undefined;
}

/** A change to an existing token; fields left out stay as they are. */
export interface UpdateTokenInput {
	readonly name?: string | undefined;
	readonly description?: string | undefined;
	readonly privileges?: readonly Privilege[] | undefined;
}

/** A token that was just minted, with its key. The key is shown by the vendor once: keep it or lose it. */
export interface MintedToken {
	readonly token: Token;
	readonly secret: Secret;
}

export interface RotateOptions extends CallOptions {
	/**
	How long, in milliseconds, the previous key keeps working. 0 (the default) revokes it at once.
	`reset` vendors enforce it themselves; `replace` vendors leave the old token for the caller to revoke.
	*/
	readonly gracePeriod?: number | undefined;
	/**
	Receives the new token and its key as soon as the vendor returns them, before the old key is revoked.
	Put the key where it must go here (a 0600 file, a vault). If this throws, the old key is left working and
	`rotate` rejects, so a failure to store the new key never leaves the caller with no working key.
	*/
	readonly onMinted?: ((minted: MintedToken) => Promise<void>) | undefined;
}

/** What became of the key that a rotation replaced. */
export type PreviousKey =
	/** The vendor keeps it working until `until`, then it stops by itself (reset with a grace period). */
	| {readonly state: 'valid-until'; readonly until: Date}
	/** It no longer works. */
	| {readonly state: 'revoked'}
	/**
	It still works and nothing will stop it: the caller must delete token `tokenId` after `revokeAfter`
	(replace with a grace period). `provider.delete(tokenId)` finishes the rotation.
	*/
	| {readonly state: 'pending-revocation'; readonly tokenId: string; readonly revokeAfter: Date};

export interface RotateResult extends MintedToken {
	/** The name of the vendor's rotation strategy (`capabilities.rotation.name`). */
	readonly style: string;
	/** The id of the token that was rotated; it differs from `token.id` where the strategy renews with a new id. */
	readonly previousId: string;
	readonly previous: PreviousKey;
}

/**
One vendor account's tokens behind one interface. Made by a factory such as `createMistProvider`.

@example
for await (const token of provider.list()) {
	if (token.admin && token.allowedIps?.length === 0) console.log(token.name);
}
*/
export interface TokenProvider {
	/** Vendor name, e.g. `launchdarkly`. */
	readonly provider: string;
	/** The account label given at construction; it appears on every record and error. */
	readonly account: string;
	readonly capabilities: Capabilities;
	/** Every token, paging as needed. Leaving the loop early stops further requests. */
	list(options?: ListOptions): AsyncIterable<Token>;
	/** One token; NotFoundError when there is none with this id. */
	get(id: string, options?: CallOptions): Promise<Token>;
	create(input: CreateTokenInput, options?: CallOptions): Promise<MintedToken>;
	update(id: string, change: UpdateTokenInput, options?: CallOptions): Promise<Token>;
	delete(id: string, options?: CallOptions): Promise<void>;
	/** Mints a new key for the token in the vendor's way (see `capabilities.rotation`), and says what became of the old one. */
	rotate(id: string, options?: RotateOptions): Promise<RotateResult>;
}
