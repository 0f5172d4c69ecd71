import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';
import {dateToMs} from '../schema.js';
import {expiredToken, insufficientScope, revokedToken, unauthorized} from './errors.js';
import type {Instance, SimResource, SimToken, SimUser} from './model.js';

/** Which instance and token a key belongs to. */
export type KeyIndex = Map<string, {readonly instance: Instance; readonly tokenId: number}>;

/** The authenticated caller of a request. */
export interface Caller {
	readonly instance: Instance;
	readonly token: SimToken;
	readonly user: SimUser;
}

/**
The token a request carries: `PRIVATE-TOKEN`, or `Authorization: Bearer` (docs/vendors/gitlab.md, auth [S]).
A revoked key is refused; used on a rotate path it is taken as stolen, and every active token of its family is
revoked first (reuse detection, docs/vendors/gitlab.md, rotation [D]). An expired key, or one whose user is blocked
or deactivated, is refused too.
*/
export function authenticate(index: KeyIndex, request: SimRequest, now: number): Caller | SimResponse {
	const key = presentedKey(request);
	const entry = key === undefined ? undefined : index.get(key);
	const token = entry?.instance.tokens.get(entry.tokenId);
	if (entry === undefined || token === undefined) {
		return unauthorized();
	}

	if (token.revoked) {
		if (/access_tokens\/(\d+|self)\/rotate$/.test(request.path)) {
			revokeFamily(entry.instance, token);
		}

		return revokedToken();
	}

	const expires = token.expiresAt === null ? null : dateToMs(token.expiresAt);
	if (expires !== null && expires <= now) {
		return expiredToken();
	}

	const user = entry.instance.users.get(token.userId);
	if (user?.state !== 'active') {
		return unauthorized();
	}

	return {instance: entry.instance, token, user};
}

function presentedKey(request: SimRequest): string | undefined {
	const privateToken = request.headers['private-token'];
	if (typeof privateToken === 'string' && privateToken !== '') {
		return privateToken;
	}

	const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
	return bearer?.[1];
}

/** Every token linked to `token` by rotation, before or after it: its family. */
export function familyOf(instance: Instance, token: SimToken): SimToken[] {
	const family = new Set<number>([token.id]);
	let grew = true;
	while (grew) {
		grew = false;
		for (const candidate of instance.tokens.values()) {
			const linked = family.has(candidate.id) || (candidate.previousId !== null && family.has(candidate.previousId));
			if (linked && (!family.has(candidate.id) || (candidate.previousId !== null && !family.has(candidate.previousId)))) {
				family.add(candidate.id);
				if (candidate.previousId !== null) {
					family.add(candidate.previousId);
				}

				grew = true;
			}
		}
	}

	return [...family].map(id => instance.tokens.get(id)).filter(member => member !== undefined);
}

function revokeFamily(instance: Instance, token: SimToken): void {
	for (const member of familyOf(instance, token)) {
		member.revoked = true;
	}
}

/** What a route needs of the caller's scopes. */
export type ScopeNeed = 'read' | 'write' | 'any' | 'self-rotate';

/**
The API takes `api`; `read_api` is enough to read (GET). The self routes accept any scope, and self-rotate also
`self_rotate` (docs/vendors/gitlab.md, auth [D]).
*/
export function checkScope(token: SimToken, need: ScopeNeed): SimResponse | null {
	const scopes = new Set(token.scopes);
	switch (need) {
		case 'any': {
			return null;
		}

		case 'read': {
			return scopes.has('api') || scopes.has('read_api') ? null : insufficientScope('api read_api');
		}

		case 'write': {
			return scopes.has('api') ? null : insufficientScope('api');
		}

		case 'self-rotate': {
			return scopes.has('api') || scopes.has('self_rotate') ? null : insufficientScope('api self_rotate');
		}
	}
}

/** The caller's access level on a group or project: an administrator counts as Owner. */
export function levelOn(caller: Caller, resource: SimResource): number {
	return caller.user.isAdmin ? 50 : resource.members.get(caller.user.id) ?? 0;
}

/** The least level that manages a resource's access tokens: Owner of a group, Maintainer of a project. */
export function manageLevel(resource: SimResource): number {
	return resource.kind === 'group' ? 50 : 40;
}
