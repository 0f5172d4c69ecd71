import {createHash} from 'node:crypto';
import * as v from 'valibot';
import {isoString} from '../iso-date.js';
import type {Redactor} from '../redaction/redactor.js';
import type {Owner, Privilege, Token} from '../token.js';

/**
A token as the history keeps it: the normalized record of `tokenToJSON`, without `raw` (the vendor's own record:
large, vendor-shaped, and not what a change is judged by) and without `lastUsedAt` (kept beside it, since it
changes whenever the key is used). Privileges and the allow-list are sorted, so a vendor listing them in another
order is no change. Times are ISO 8601 strings in UTC.
*/
export interface StoredToken {
	readonly provider: string;
	readonly account: string;
	readonly id: string;
	readonly name: string;
	readonly description: string | null;
	readonly kind: Token['kind'];
	readonly status: Token['status'];
	readonly ownCredential: boolean;
	readonly owner: Owner | null;
	readonly createdBy: Owner | null;
	readonly createdAt: string | null;
	readonly expiresAt: string | null;
	readonly notBefore?: string | null | undefined;
	readonly privileges: readonly Privilege[];
	readonly admin: boolean | null;
	readonly allowedIps: readonly string[] | null;
	readonly secretHint: string | null;
}

/** A stored record in its canonical JSON text, and the hash that names it. */
export interface RecordText {
	readonly hash: string;
	readonly json: string;
}

/**
The record of `token` as stored, every string scrubbed of the run's secrets, in canonical JSON (fields in one
order), and its hash: two listings of an unchanged token give the same text and hash.
*/
export function recordOf(token: Token, redactor: Redactor | undefined): RecordText {
	const record: StoredToken = {
		provider: token.provider,
		account: token.account,
		id: token.id,
		name: token.name,
		description: token.description,
		kind: token.kind,
		status: token.status,
		ownCredential: token.ownCredential,
		owner: ownerOf(token.owner),
		createdBy: ownerOf(token.createdBy),
		createdAt: isoOrNull(token.createdAt),
		expiresAt: isoOrNull(token.expiresAt),
		...(token.notBefore === undefined ? {} : {notBefore: isoOrNull(token.notBefore)}),
		privileges: [...token.privileges].map(privilege => ({role: privilege.role, scope: privilege.scope, resource: privilege.resource})).sort(comparePrivileges),
		admin: token.admin,
		allowedIps: token.allowedIps === null ? null : [...token.allowedIps].sort(),
		secretHint: token.secretHint,
	};
	const json = JSON.stringify(redactor === undefined ? record : redactor.scrubJson(record));
	return {hash: createHash('sha256').update(json).digest('hex').slice(0, 32), json};
}

function ownerOf(owner: Owner | null): Owner | null {
	return owner === null ? null : {id: owner.id, email: owner.email, status: owner.status};
}

function isoOrNull(date: Date | null): string | null {
	return date === null ? null : isoString(date);
}

function comparePrivileges(a: Privilege, b: Privilege): number {
	return a.role.localeCompare(b.role) || a.scope.localeCompare(b.scope) || (a.resource ?? '').localeCompare(b.resource ?? '');
}

const OwnerSchema = v.nullable(v.object({id: v.nullable(v.string()), email: v.nullable(v.string()), status: v.picklist(['present', 'gone', 'unknown'])}));
const StoredTokenSchema = v.object({
	provider: v.string(),
	account: v.string(),
	id: v.string(),
	name: v.string(),
	description: v.nullable(v.string()),
	kind: v.picklist(['org', 'personal', 'service', 'unknown']),
	status: v.picklist(['active', 'expired', 'revoked', 'disabled']),
	ownCredential: v.boolean(),
	owner: OwnerSchema,
	createdBy: OwnerSchema,
	createdAt: v.nullable(v.string()),
	expiresAt: v.nullable(v.string()),
	notBefore: v.optional(v.nullable(v.string())),
	privileges: v.array(v.object({role: v.string(), scope: v.string(), resource: v.nullable(v.string())})),
	admin: v.nullable(v.boolean()),
	allowedIps: v.nullable(v.array(v.string())),
	secretHint: v.nullable(v.string()),
});

/** A stored record read back; null when the text is not one (a store edited by hand), which callers report. */
export function parseRecord(json: string): StoredToken | null {
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		return null;
	}

	const parsed = v.safeParse(StoredTokenSchema, value);
	return parsed.success ? parsed.output : null;
}
