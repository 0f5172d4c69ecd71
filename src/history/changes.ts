import type {Owner, Privilege} from '../token.js';
import type {StoredToken} from './token-record.js';

/**
What changed on a token between two runs, by what matters to a security review:
- `widened` / `narrowed`: it gained / lost a privilege;
- `admin`: it became a full-access token;
- `allow-list-removed` / `allow-list-added` / `allow-list-changed`: its IP allow-list went (it is usable from any
  address now) / came / holds other addresses;
- `expiry-removed` / `expiry-extended` / `expiry-added` / `expiry-shortened`: it never expires now / expires later
  (pushed out by a person: a vendor whose expiry follows each use, as Okta's does, moves both together, which is
  use, not a change) / expires now where it did not / expires sooner;
- `owner-gone` / `owner-changed`: its owner or creator left the account / it names someone else;
- `rotated`: its key changed (another masked hint or creation time under the same id, or a rotation tokenkit made);
- `renamed`;
- `revoked` / `disabled` / `expired` / `enabled`: the vendor's state of it;
- `other`: its description, kind or start time.
A change of last use alone is not a change: it is what a used key does.
*/
export type ChangeKind =
	| 'widened' | 'narrowed' | 'admin'
	| 'allow-list-removed' | 'allow-list-added' | 'allow-list-changed'
	| 'expiry-removed' | 'expiry-extended' | 'expiry-added' | 'expiry-shortened'
	| 'owner-gone' | 'owner-changed'
	| 'rotated' | 'renamed'
	| 'revoked' | 'disabled' | 'expired' | 'enabled'
	| 'other';

/** Every change kind, in the order reports list them (worst first). */
export const changeKinds: readonly ChangeKind[] = [
	'admin', 'widened', 'allow-list-removed', 'expiry-removed', 'expiry-extended', 'owner-gone', 'allow-list-changed', 'owner-changed',
	'rotated', 'renamed', 'enabled', 'narrowed', 'allow-list-added', 'expiry-added', 'expiry-shortened', 'revoked', 'disabled', 'expired', 'other',
];

/** One change, with what it was and what it is, in words. */
export interface TokenChange {
	readonly kind: ChangeKind;
	/** `reader@account → admin@account`, `2026-01-01 → never`, … */
	readonly detail: string;
}

/** A token's record in one run, with its last use (kept apart from the record). */
export interface TokenState {
	readonly record: StoredToken;
	readonly lastUsedAt: string | null;
}

/**
The changes between two states of one token, worst first. `rotatedByTokenkit` says that tokenkit recorded a rotation
of this token's key between the two.
*/
export function changesBetween(before: TokenState, after: TokenState, rotatedByTokenkit: boolean): TokenChange[] {
	const was = before.record;
	const is = after.record;
	const changes: TokenChange[] = [
		...privilegeChanges(was, is),
		...allowListChanges(was.allowedIps, is.allowedIps),
		...expiryChanges(before, after),
		...ownerChanges(was, is),
		...keyChanges(was, is, rotatedByTokenkit),
		...statusChanges(was, is),
	];
	if (was.name !== is.name) {
		changes.push({kind: 'renamed', detail: `${quoted(was.name)} → ${quoted(is.name)}`});
	}

	const others = (['description', 'kind', 'notBefore'] as const).filter(field => (was[field] ?? null) !== (is[field] ?? null));
	if (others.length > 0) {
		changes.push({kind: 'other', detail: others.map(field => `${field}: ${quoted(was[field] ?? null)} → ${quoted(is[field] ?? null)}`).join('; ')});
	}

	return changes.sort((a, b) => changeKinds.indexOf(a.kind) - changeKinds.indexOf(b.kind));
}

function privilegeChanges(was: StoredToken, is: StoredToken): TokenChange[] {
	const changes: TokenChange[] = [];
	if (was.admin !== true && is.admin === true) {
		changes.push({kind: 'admin', detail: `admin ${adminWord(was.admin)} → yes`});
	}

	const before = new Set(was.privileges.map(privilege => privilegeText(privilege)));
	const after = new Set(is.privileges.map(privilege => privilegeText(privilege)));
	const gained = [...after].filter(privilege => !before.has(privilege));
	const lost = [...before].filter(privilege => !after.has(privilege));
	if (gained.length > 0) {
		changes.push({kind: 'widened', detail: `+ ${gained.join(', ')}`});
	}

	if (lost.length > 0 || (was.admin === true && is.admin === false)) {
		changes.push({kind: 'narrowed', detail: lost.length > 0 ? `- ${lost.join(', ')}` : 'admin yes → no'});
	}

	return changes;
}

function allowListChanges(was: readonly string[] | null, is: readonly string[] | null): TokenChange[] {
	if (sameList(was, is)) {
		return [];
	}

	if (was !== null && was.length > 0 && is?.length === 0) {
		return [{kind: 'allow-list-removed', detail: `${was.join(' ')} → any address`}];
	}

	if (was?.length === 0 && is !== null && is.length > 0) {
		return [{kind: 'allow-list-added', detail: `any address → ${is.join(' ')}`}];
	}

	return [{kind: 'allow-list-changed', detail: `${allowListText(was)} → ${allowListText(is)}`}];
}

function expiryChanges(before: TokenState, after: TokenState): TokenChange[] {
	const was = before.record.expiresAt;
	const is = after.record.expiresAt;
	if (is === null) {
		return was === null ? [] : [{kind: 'expiry-removed', detail: `${dateText(was)} → never`}];
	}

	if (was === null) {
		return [{kind: 'expiry-added', detail: `never → ${dateText(is)}`}];
	}

	if (was === is) {
		return [];
	}

	const moved = Date.parse(is) - Date.parse(was);
	if (moved > 0 && slidesWithUse(before, after, moved)) {
		return [];
	}

	return [{kind: moved > 0 ? 'expiry-extended' : 'expiry-shortened', detail: `${dateText(was)} → ${dateText(is)}`}];
}

/**
An expiry that moved on by exactly as much as the last use did: the vendor renews the token on each use (Okta's
API tokens expire 30 days after their last use). Nobody pushed it out.
*/
function slidesWithUse(before: TokenState, after: TokenState, moved: number): boolean {
	if (before.lastUsedAt === null || after.lastUsedAt === null) {
		return false;
	}

	return Math.abs(Date.parse(after.lastUsedAt) - Date.parse(before.lastUsedAt) - moved) < 1000;
}

function ownerChanges(was: StoredToken, is: StoredToken): TokenChange[] {
	const changes: TokenChange[] = [];
	for (const [role, before, after] of [['owner', was.owner, is.owner], ['creator', was.createdBy, is.createdBy]] as const) {
		if (before === null || sameOwner(before, after)) {
			continue;
		}

		// A vendor says its owner left by naming nobody (Mist, LaunchDarkly) or by naming someone gone.
		if (before.status !== 'gone' && (after === null || after.status === 'gone')) {
			changes.push({kind: 'owner-gone', detail: `${role} ${ownerText(before)} left the account`});
		} else if (after !== null && (after.id !== before.id || after.email !== before.email)) {
			changes.push({kind: 'owner-changed', detail: `${role} ${ownerText(before)} → ${ownerText(after)}`});
		}
	}

	return changes;
}

function keyChanges(was: StoredToken, is: StoredToken, rotatedByTokenkit: boolean): TokenChange[] {
	if (was.secretHint !== null && is.secretHint !== null && was.secretHint !== is.secretHint) {
		return [{kind: 'rotated', detail: `key ${was.secretHint} → ${is.secretHint}${rotatedByTokenkit ? ' (by tokenkit rotate)' : ''}`}];
	}

	if (was.createdAt !== null && is.createdAt !== null && was.createdAt !== is.createdAt) {
		return [{kind: 'rotated', detail: `created ${was.createdAt} → ${is.createdAt}${rotatedByTokenkit ? ' (by tokenkit rotate)' : ''}`}];
	}

	return rotatedByTokenkit ? [{kind: 'rotated', detail: 'new key by tokenkit rotate'}] : [];
}

function statusChanges(was: StoredToken, is: StoredToken): TokenChange[] {
	if (was.status === is.status) {
		return [];
	}

	const detail = `${was.status} → ${is.status}`;
	return [{kind: is.status === 'active' ? 'enabled' : is.status, detail}];
}

function sameList(a: readonly string[] | null, b: readonly string[] | null): boolean {
	return a === null || b === null ? a === b : a.length === b.length && a.every((item, index) => item === b[index]);
}

function sameOwner(a: Owner, b: Owner | null): boolean {
	return b !== null && a.id === b.id && a.email === b.email && a.status === b.status;
}

export function privilegeText(privilege: Privilege): string {
	return `${privilege.role}@${privilege.scope}${privilege.resource === null ? '' : `:${privilege.resource}`}`;
}

function allowListText(list: readonly string[] | null): string {
	if (list === null) {
		return 'none known';
	}

	return list.length === 0 ? 'any address' : list.join(' ');
}

function ownerText(owner: Owner): string {
	return owner.email ?? owner.id ?? '(unnamed)';
}

function adminWord(admin: boolean | null): string {
	return admin === null ? 'unknown' : 'no';
}

function dateText(iso: string): string {
	return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

function quoted(text: string | null): string {
	return text === null ? 'none' : JSON.stringify(text);
}
