import {generateProfile, seededPerson, type SeededPerson, type TokenProfile} from '../../../src/simulate/profiles.js';
import type {Random} from '../../../src/simulate/random.js';
import type {OpalAccessLevel, OpalToken} from '../schema.js';
import {OrgTokens} from './org-tokens.js';
import {rfc3339} from './rfc3339.js';

/** A member of an Opal org: a person, or a service user (a non-human identity tokens can act as). */
export interface OpalUser {
	readonly id: string;
	readonly kind: 'human' | 'service';
	readonly name: string;
	/** Null for service users. */
	readonly email: string | null;
	/** An org admin: may list every token and delete any. */
	readonly admin: boolean;
}

/**
Someone who has left the org, as Opal's users API shows them (Opal's OpenAPI, `UserHrIdpStatusEnum`): still a
user record whose HR/IDP status is DEPROVISIONED or DELETED, or no record at all (removed from Opal; `GET /user`
answers 404). Their tokens stay listed but no longer authenticate.
*/
export interface OpalFormerUser {
	readonly id: string;
	readonly name: string;
	readonly email: string;
	/** `removed`: Opal has no record of them any more. */
	readonly standing: 'DEPROVISIONED' | 'DELETED' | 'removed';
}

/** One token as the simulator keeps it: the wire fields plus the key, times in epoch ms. */
export interface StoredToken {
	readonly id: string;
	readonly key: string;
	readonly label: string;
	readonly createdAt: number;
	readonly creatorUserId: string;
	readonly userId: string;
	readonly accessLevel: OpalAccessLevel;
	lastUsedAt: number | null;
	readonly expiresAt: number | null;
}

/** The keys the simulator hands out for each org, one per kind of caller a test needs. */
export type OpalKeyRole = 'admin' | 'readOnly' | 'member';

export interface OpalOrg {
	/** The label a config file uses, e.g. `opal-org-1`. */
	readonly name: string;
	readonly id: string;
	/**
	Opal's org setting that lets every user create API tokens. Only when it is on may a non-admin delete
	their own tokens (docs/vendors/opal.md, who may delete [S]).
	*/
	readonly allowAllUsersToCreateTokens: boolean;
	readonly users: Map<string, OpalUser>;
	/** Ids of people who have left the org; some tokens still name them. */
	readonly removedUserIds: readonly string[];
	/** The same people as the users API knows them, by id. */
	readonly formerUsers: ReadonlyMap<string, OpalFormerUser>;
	readonly tokens: OrgTokens;
	/** Token ids of the keys `keyFor` reports; churn leaves these alone. */
	readonly roleTokenIds: Readonly<Record<OpalKeyRole, string>>;
	/** Counts tokens minted after seeding, for their labels. */
	minted: number;
}

export interface SeedOrgInput {
	readonly index: number;
	readonly random: Random;
	readonly tokens: number;
	readonly now: number;
	readonly allowAllUsersToCreateTokens: boolean;
}

const day = 86_400_000;
const peoplePerOrg = 6;
const formerStandings = ['DEPROVISIONED', 'DELETED', 'removed'] as const;

/** Opal shows whole seconds (`2022-01-23T04:56:07Z` in the spec), so stored times carry no milliseconds. */
export function wholeSecond(epochMs: number): number {
	return Math.floor(epochMs / 1000) * 1000;
}

/**
A key in an inferred format: Opal does not document its key format. The only hint is the spec's example
preview `ab123`, which is lowercase hex, so keys here are 64 hex digits. They are fake.
*/
export function newKey(random: Random): string {
	return random.hex(64);
}

/** The wire record of a stored token. `preview` adds `token_preview`, which only the spec's example shows. */
export function toWire(token: StoredToken, preview: boolean): OpalToken {
	const wire: OpalToken = {
		token_id: token.id,
		created_at: rfc3339(token.createdAt),
		token_label: token.label,
		creator_user_id: token.creatorUserId,
		user_id: token.userId,
		access_level: token.accessLevel,
		last_used_at: token.lastUsedAt === null ? null : rfc3339(token.lastUsedAt),
		expires_at: token.expiresAt === null ? null : rfc3339(token.expiresAt),
	};
	// Added last, not spread in: a page builds a thousand of these.
	if (preview) {
		wire.token_preview = token.key.slice(0, 5);
	}

	return wire;
}

/**
Seeds one org: people (the first two admins), the three keys `keyFor` reports, and `tokens` tokens made
from the shared profiles. Deterministic for the random stream and `now`.
*/
export function seedOrg(input: SeedOrgInput): OpalOrg {
	const {index, random, now} = input;
	const ids = random.fork('ids');
	const orgId = ids.uuid();
	const domain = `org${index}.example.com`;
	const people = distinctPeople(random.fork('people'), domain);
	const users = new Map<string, OpalUser>();
	const userByEmail = new Map<string, OpalUser>();
	people.forEach((person, position) => {
		const user: OpalUser = {id: ids.uuid(), kind: 'human', name: `${person.firstName} ${person.lastName}`, email: person.email, admin: position < 2};
		users.set(user.id, user);
		userByEmail.set(person.email, user);
	});

	const humans = [...users.values()];
	const [firstAdmin, secondAdmin, member] = humans;
	if (firstAdmin === undefined || secondAdmin === undefined || member === undefined) {
		throw new Error('an Opal org is seeded with at least three people');
	}

	const tokens: StoredToken[] = [];
	// Written out rather than spread: that keeps a large org's records compact.
	const store = (token: Omit<StoredToken, 'key'>): StoredToken => {
		const stored: StoredToken = {
			id: token.id,
			key: newKey(ids),
			label: token.label,
			createdAt: token.createdAt,
			creatorUserId: token.creatorUserId,
			userId: token.userId,
			accessLevel: token.accessLevel,
			lastUsedAt: token.lastUsedAt,
			expiresAt: token.expiresAt,
		};
		tokens.push(stored);
		return stored;
	};

	// The simulator's own keys are ordinary Opal tokens, made by the people they act as, so they appear in
	// listings like any other (docs/vendors/opal.md: every first-party token is listed, and tokens are minted in the UI).
	const roleToken = (label: string, user: OpalUser, accessLevel: OpalAccessLevel, ageDays: number): string => store({
		id: ids.uuid(),
		label,
		createdAt: wholeSecond(now - ageDays * day),
		creatorUserId: user.id,
		userId: user.id,
		accessLevel,
		lastUsedAt: null,
		expiresAt: null,
	}).id;
	const roleTokenIds: Record<OpalKeyRole, string> = {
		admin: roleToken('tokenkit-admin', firstAdmin, 'FULL_ACCESS', 3),
		readOnly: roleToken('tokenkit-read-only', secondAdmin, 'READ_ONLY', 2),
		member: roleToken('tokenkit-member', member, 'FULL_ACCESS', 1),
	};

	const removedUserIds: string[] = [];
	const formerUsers = new Map<string, OpalFormerUser>();
	// One profile at a time from their own stream: the same profiles as making them all first, without holding
	// them all at once.
	const profiles = random.fork('profiles');
	// Their own stream, forked last, so the people who left do not shift the rest of the seeded org.
	const former = random.fork('former-people');
	for (let position = 0; position < input.tokens; position++) {
		const profile = generateProfile(profiles, position, now, people);
		let personId = userByEmail.get(profile.owner.email)?.id ?? firstAdmin.id;
		if (profile.ownerGone) {
			personId = ids.uuid();
			removedUserIds.push(personId);
			const person = seededPerson(former, domain);
			// In turn: deprovisioned, deleted in the HR system, removed from Opal altogether.
			const standing = formerStandings[formerUsers.size % formerStandings.length] ?? 'removed';
			formerUsers.set(personId, {id: personId, name: `${person.firstName} ${person.lastName}`, email: person.email, standing});
		}

		const userId = profile.kind === 'service' ? addServiceUser(users, ids, profile).id : personId;
		store({
			id: ids.uuid(),
			label: profile.name,
			createdAt: wholeSecond(profile.createdAt),
			creatorUserId: personId,
			userId,
			accessLevel: accessLevelOf(profile),
			lastUsedAt: profile.lastUsedAt === null ? null : wholeSecond(profile.lastUsedAt),
			expiresAt: profile.expiresAt === null ? null : wholeSecond(profile.expiresAt),
		});
	}

	return {
		name: `opal-org-${index}`,
		id: orgId,
		allowAllUsersToCreateTokens: input.allowAllUsersToCreateTokens,
		users,
		removedUserIds,
		formerUsers,
		tokens: new OrgTokens(tokens),
		roleTokenIds,
		minted: 0,
	};
}

/**
Opal has two access levels and nothing finer: an admin profile becomes FULL_ACCESS, every other profile
READ_ONLY, so about a quarter of the seeded tokens have full access, as on the other vendors. The profile's
description and IP allow-list have no Opal field and are dropped.
*/
function accessLevelOf(profile: TokenProfile): OpalAccessLevel {
	return profile.admin ? 'FULL_ACCESS' : 'READ_ONLY';
}

/**
A service user for one service token. Opal allows at most two keys per service user (docs/vendors/opal.md [D]); one
user per token keeps well inside that. An admin profile makes an admin service user.
*/
function addServiceUser(users: Map<string, OpalUser>, ids: Random, profile: TokenProfile): OpalUser {
	const user: OpalUser = {id: ids.uuid(), kind: 'service', name: ['svc', profile.name].join('-'), email: null, admin: profile.admin};
	users.set(user.id, user);
	return user;
}

function distinctPeople(random: Random, domain: string): [SeededPerson, ...SeededPerson[]] {
	const byEmail = new Map<string, SeededPerson>();
	while (byEmail.size < peoplePerOrg) {
		const person = seededPerson(random, domain);
		byEmail.set(person.email, person);
	}

	const [first, ...rest] = byEmail.values();
	if (first === undefined) {
		throw new Error('unreachable: people were just seeded');
	}

	return [first, ...rest];
}
