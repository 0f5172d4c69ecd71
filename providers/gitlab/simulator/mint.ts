import type {SimResponse} from '../../../src/simulate/types.js';
import {isoDay, startOfUtcDay} from '../lifetime.js';
import {dateToMs} from '../schema.js';
import type {KeyIndex} from './access.js';
import {badRequest, invalidParameter, message} from './errors.js';
import type {Instance, SimToken} from './model.js';
import type {KeyMinter} from './seed.js';

const day = 86_400_000;

/** What creating and rotating share with the simulator. */
export interface MintContext {
	readonly now: () => number;
	readonly minter: KeyMinter;
	readonly index: KeyIndex;
}

/**
The `expires_at` a create or rotate ends up with (docs/vendors/gitlab.md, rotation [D]): the date sent, which must be a
date after today and, where the instance requires expiry, no later than its cap; or, when none is sent, the cap on
create and today + 7 days on rotate where expiry is required, and no expiry at all where it is not.
*/
export function chosenExpiry(instance: Instance, raw: unknown, now: number, whenAbsent: 'cap' | 'week'): string | null | SimResponse {
	const today = startOfUtcDay(now);
	const cap = today + instance.maxLifetimeDays * day;
	if (raw === undefined || raw === null || raw === '') {
		if (!instance.requireExpiry) {
			return null;
		}

		return isoDay(whenAbsent === 'cap' ? cap : today + 7 * day);
	}

	const ms = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? dateToMs(raw) : null;
	if (ms === null) {
		return invalidParameter('expires_at is invalid');
	}

	if (ms <= today) {
		return message(400, {expires_at: ['must be in the future']});
	}

	if (instance.requireExpiry && ms > cap) {
		return badRequest(`Expires at must be before ${isoDay(cap + day)}`);
	}

	return isoDay(ms);
}

/** Adds a new token row to the instance and indexes its key. */
export function addToken(context: MintContext, instance: Instance, fields: Omit<SimToken, 'id' | 'secret' | 'lastUsedAt' | 'lastUsedIps' | 'revoked' | 'createdAt'>): SimToken {
	const token: SimToken = {
		...fields,
		id: instance.nextTokenId++,
		secret: context.minter.key(),
		createdAt: context.now(),
		lastUsedAt: null,
		lastUsedIps: [],
		revoked: false,
	};
	instance.tokens.add(token);
	context.index.set(token.secret, {instance, tokenId: token.id});
	return token;
}

/**
GitLab's rotate, in one step as its transaction is (docs/vendors/gitlab.md, rotation [D]): a new row with a new id, the
old one's name, description, scopes, owner and resource, linked to it by `previous`; the old row revoked, its key
dead at once. A revoked token cannot be rotated: 400 `Token already revoked`.
*/
export function rotateToken(context: MintContext, instance: Instance, token: SimToken, body: unknown): SimToken | SimResponse {
	if (token.revoked) {
		return badRequest('Token already revoked');
	}

	const raw: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'expires_at') : undefined;
	const expiresAt = chosenExpiry(instance, raw, context.now(), 'week');
	if (typeof expiresAt === 'object' && expiresAt !== null) {
		return expiresAt;
	}

	token.revoked = true;
	return addToken(context, instance, {
		userId: token.userId,
		name: token.name,
		description: token.description,
		scopes: token.scopes,
		expiresAt,
		impersonation: token.impersonation,
		previousId: token.id,
		resource: token.resource,
		origin: token.origin === 'credential' ? 'api' : token.origin,
	});
}
