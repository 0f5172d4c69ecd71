import type {SimResponse} from '../../../src/simulate/types.js';
import type {OpalHrIdpStatus, OpalUserPage, OpalUserRecord} from '../schema.js';
import {opalError, type Caller} from './auth.js';
import type {OpalFormerUser, OpalOrg, OpalUser} from './org.js';
import {defaultPageSize, maxPageSize} from './routes.js';

/*
Opal's users API as far as owners need it (Opal's OpenAPI, tag `users`): `GET /user` (one user by id or
email) and `GET /users` (the org's users, a page at a time). Any authenticated caller may read users: the spec
does not restrict them to admins (inferred).
*/

const uuidPattern = /^[\da-f]{8}(?:-[\da-f]{4}){3}-[\da-f]{12}$/;

/** A user record as the users API shows it: every field the spec's `User` requires, and the HR/IDP status. */
function userWire(user: OpalUser): OpalUserRecord {
	const [firstName = '', ...rest] = user.name.split(' ');
	return {
		user_id: user.id,
		// The spec requires an email; a service user has no mailbox, so it is the empty string (inferred).
		email: user.email ?? '',
		full_name: user.name,
		first_name: firstName,
		last_name: rest.join(' '),
		position: user.kind === 'service' ? 'Service user' : (user.admin ? 'Administrator' : 'Engineer'),
		// People come from the HR system or identity provider; service users do not (inferred).
		...(user.kind === 'human' ? {hr_idp_status: 'ACTIVE' satisfies OpalHrIdpStatus} : {}),
	};
}

/** Someone who left and still has a record: deprovisioned, or deleted in the HR system. */
function formerWire(user: OpalFormerUser, standing: Exclude<OpalFormerUser['standing'], 'removed'>): OpalUserRecord {
	const [firstName = '', ...rest] = user.name.split(' ');
	return {user_id: user.id, email: user.email, full_name: user.name, first_name: firstName, last_name: rest.join(' '), position: 'Engineer', hr_idp_status: standing};
}

/** Every user record the org still has, in id order: members, then the deprovisioned and deleted. */
function recordsOf(org: OpalOrg): OpalUserRecord[] {
	const records = [...org.users.values()].map(user => userWire(user));
	for (const user of org.formerUsers.values()) {
		if (user.standing !== 'removed') {
			records.push(formerWire(user, user.standing));
		}
	}

	return records.sort((a, b) => (a.user_id < b.user_id ? -1 : (a.user_id > b.user_id ? 1 : 0)));
}

/**
`GET /user?user_id=…` or `?email=…` (the id wins when both are given, as the spec says). Neither is a 400, as
the spec says "an error will occur". A user Opal has no record of is 404 (the spec declares no 404 here, but
Opal's other lookups by id answer 404 for "not found"; inferred).
*/
export function getUser(caller: Caller, query: URLSearchParams): SimResponse {
	const userId = query.get('user_id') ?? '';
	const email = query.get('email') ?? '';
	if (userId === '' && email === '') {
		return opalError(400, 'Either user_id or email is required.');
	}

	if (userId !== '' && !uuidPattern.test(userId.toLowerCase())) {
		return opalError(400, 'user_id must be a UUID.');
	}

	const found = userId === ''
		? recordsOf(caller.org).find(record => record.email?.toLowerCase() === email.toLowerCase())
		: recordById(caller.org, userId.toLowerCase());
	return found === undefined ? opalError(404, 'User not found.') : {status: 200, body: found};
}

function recordById(org: OpalOrg, userId: string): OpalUserRecord | undefined {
	const member = org.users.get(userId);
	if (member !== undefined) {
		return userWire(member);
	}

	const former = org.formerUsers.get(userId);
	return former === undefined || former.standing === 'removed' ? undefined : formerWire(former, former.standing);
}

/** `GET /users`: the org's user records, a page at a time (`page_size` 1–1000, default 200; `cursor`). `tag_ids` is accepted and ignored: simulated users have no tags. */
export function listUsers(caller: Caller, query: URLSearchParams): SimResponse {
	const sizeText = query.get('page_size');
	const size = sizeText === null ? defaultPageSize : (/^\d{1,7}$/.test(sizeText) ? Number(sizeText) : Number.NaN);
	if (!(size >= 1 && size <= maxPageSize)) {
		return opalError(400, `page_size must be a whole number from 1 to ${maxPageSize}.`);
	}

	const cursor = query.get('cursor') ?? '';
	const after = cursor === '' ? '' : decodeUserCursor(cursor);
	if (after === null) {
		return opalError(400, 'cursor is not a valid pagination cursor.');
	}

	const remaining = recordsOf(caller.org).filter(record => record.user_id > after);
	const results = remaining.slice(0, size);
	const last = results.at(-1);
	const body: OpalUserPage = {
		...(remaining.length > size && last !== undefined ? {next: encodeUserCursor(last.user_id)} : {}),
		...(cursor === '' ? {} : {previous: cursor}),
		results,
	};
	return {status: 200, body};
}

/** A cursor names the last user id served, so users added or removed between pages never shift the rest. */
function encodeUserCursor(userId: string): string {
	return Buffer.from(`u=${userId}`, 'utf8').toString('base64');
}

function decodeUserCursor(cursor: string): string | null {
	const text = /^[A-Za-z\d+/]+={0,2}$/.test(cursor) ? Buffer.from(cursor, 'base64').toString('utf8') : '';
	const userId = text.startsWith('u=') ? text.slice(2) : '';
	return uuidPattern.test(userId) ? userId : null;
}
