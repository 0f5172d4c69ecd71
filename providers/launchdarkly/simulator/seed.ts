import {generateProfile, seededPerson, type SeededPerson, type TokenProfile} from '../../../src/simulate/profiles.js';
import type {Random} from '../../../src/simulate/random.js';
import type {Statement} from '../schema.js';
import {AccountTokens} from './account-tokens.js';
import {apiVersions, latestApiVersion, type Account, type CredentialRole, type CustomRole, type Member, type MemberRole, type StoredToken, type TokenOrigin} from './model.js';

const day = 86_400_000;

/** Most tokens have no custom roles, inline policy or grace keys; one frozen empty list serves them all. */
const none: readonly never[] = Object.freeze([]);

/** Makes ids and keys that look like LaunchDarkly's. */
export interface Minter {
	/** A 24-hex MongoDB ObjectId whose first 8 digits are `at` in epoch seconds, as LaunchDarkly's ids are. */
	objectId(at: number): string;
	/** An access token secret: `api-` and a UUID. Fake, and recorded by the simulator for `allSecrets()`. */
	key(): string;
}

export function createMinter(random: Random, onKey: (key: string) => void): Minter {
	// `join` makes one flat string; `+` would keep both halves alive behind every id and key of a large account.
	return {
		objectId: at => [Math.floor(Math.max(0, at) / 1000).toString(16).padStart(8, '0').slice(-8), random.hex(16)].join(''),
		key() {
			const key = ['api-', random.uuid()].join('');
			onKey(key);
			return key;
		},
	};
}

/** Full access expressed as an inline policy rather than a base role: allow every action on every resource. */
export const fullAccessPolicy: readonly Statement[] = [{effect: 'allow', resources: ['*'], actions: ['*']}];

/**
The custom roles every account has, written as LaunchDarkly's policy statements: one that manages access
tokens (`member/*:token/*` for personal tokens, `service-token/*` for service tokens), two about flags and
projects only, and one that allows every action on every resource, which is full access.
*/
export const seededRoles = {
	tokenManager: {
		key: 'token-manager',
		name: 'Token manager',
		description: 'Creates, changes and resets access tokens',
		policy: [{effect: 'allow', actions: ['*'], resources: ['member/*:token/*', 'service-token/*']}],
		manageTokens: true,
	},
	flagEditor: {
		key: 'flag-editor',
		name: 'Flag editor',
		description: 'Edits flags in every project and environment',
		policy: [{effect: 'allow', actions: ['*'], resources: ['proj/*:env/*:flag/*']}],
		manageTokens: false,
	},
	releaseAuditor: {
		key: 'release-auditor',
		name: 'Release auditor',
		description: 'Reads projects',
		policy: [{effect: 'allow', actions: ['viewProject'], resources: ['proj/*']}],
		manageTokens: false,
	},
	allAccess: {
		key: 'all-access',
		name: 'All access',
		description: 'Every action on every resource',
		policy: [{effect: 'allow', actions: ['*'], resources: ['*']}],
		manageTokens: true,
	},
} as const satisfies Record<string, Omit<CustomRole, 'id'>>;

const memberRoles: readonly MemberRole[] = ['admin', 'writer', 'reader', 'writer', 'reader', 'admin', 'writer'];

interface SeedContext {
	readonly random: Random;
	readonly minter: Minter;
	readonly now: number;
	/**
	Draws for what was added to the seeded data later (the all-access role, demoted members), from a stream of
	their own, so that every id, key and token the other streams gave stays what it was.
	*/
	readonly later: Random;
}

/** One account: members (the first is the owner), former members, custom roles, the simulator's keys and `tokenCount` seeded tokens. */
export function seedAccount(index: number, tokenCount: number, context: SeedContext): Account {
	const {random, minter, now} = context;
	const domain = `company${index}.example`;
	const people = Array.from({length: memberRoles.length + 1}, () => seededPerson(random, domain));
	const [ownerPerson, ...otherPeople] = people;
	if (ownerPerson === undefined) {
		throw new Error('unreachable: people is never empty');
	}

	const memberOf = new Map<SeededPerson, Member>();
	const join = (person: SeededPerson, role: MemberRole): Member => {
		const member = {id: minter.objectId(now - random.int(400, 2000) * day), ...person, role};
		memberOf.set(person, member);
		return member;
	};

	const owner = join(ownerPerson, 'owner');
	otherPeople.forEach((person, position) => join(person, memberRoles[position] ?? 'reader'));
	const members = new Map([...memberOf.values()].map(member => [member.id, member]));
	const formerMemberIds: [string, ...string[]] = [minter.objectId(now - 900 * day), minter.objectId(now - 700 * day), minter.objectId(now - 500 * day)];
	const allAccessId = createMinter(context.later, () => undefined).objectId(now - 540 * day);
	const customRoles: CustomRole[] = [
		{id: minter.objectId(now - 600 * day), ...seededRoles.tokenManager},
		{id: minter.objectId(now - 580 * day), ...seededRoles.flagEditor},
		{id: minter.objectId(now - 560 * day), ...seededRoles.releaseAuditor},
		{id: allAccessId, ...seededRoles.allAccess},
	];
	const firstWith = (role: MemberRole): Member => firstMemberWith(members, role) ?? owner;

	// The simulator's own keys are ordinary tokens of the account, so they appear in listings as real keys would.
	const credential = (role: CredentialRole, member: Member, serviceToken: boolean, baseRole: string): StoredToken => storedToken(minter, {
		memberId: member.id,
		name: `tokenkit-sim-${role}`,
		description: `Simulator ${role} key`,
		creationDate: now - 30 * day,
		role: baseRole,
		serviceToken,
		defaultApiVersion: latestApiVersion,
		origin: 'credential',
	});
	const credentialTokens = {
		admin: credential('admin', owner, true, 'admin'),
		owner: credential('owner', owner, false, 'admin'),
		writer: credential('writer', firstWith('writer'), false, 'writer'),
		reader: credential('reader', firstWith('reader'), false, 'reader'),
	} as const satisfies Record<CredentialRole, StoredToken>;

	// Drawn before the seeded tokens, whose draws follow it in the minter's stream.
	const id = minter.objectId(now - 2000 * day);
	const peopleTuple: readonly [SeededPerson, ...SeededPerson[]] = [ownerPerson, ...otherPeople];
	const seeded = Array.from({length: tokenCount}, (_, position) => {
		const profile = generateProfile(random, position, now, peopleTuple);
		return tokenFromProfile(profile, {owner, members, customRoles, formerMemberIds}, memberOf.get(profile.owner) ?? owner, 'seed', context);
	});
	const tokens = [...Object.values(credentialTokens), ...seeded].sort((a, b) => a.creationDate - b.creationDate || a.id.localeCompare(b.id));
	return {
		name: `launchdarkly-account-${index}`,
		id,
		members,
		owner,
		formerMemberIds,
		customRoles,
		tokens: new AccountTokens(tokens),
		credentials: credentialTokens,
		churned: 0,
	};
}

/**
Maps a vendor-neutral profile to a LaunchDarkly token. LaunchDarkly tokens have no expiry and no IP
allow-list (docs/vendors/launchdarkly.md [S], absent from the spec), so `expiresAt` and `allowedIps` have nothing to map to.
- admin: mostly the `admin` base role; a fifth as an inline policy allowing `*` on `*`; some as the
  `all-access` custom role; some personal tokens carry the `owner` base role of the account owner (the UI
  offers it, docs/vendors/launchdarkly.md [D] mintlify); some personal ones belong to a member who has since become a reader, so
  the member's role caps them.
- read-only: the `reader` base role.
- the rest: `writer`, a custom role, or an inline policy scoped to production flags.
- an owner who is gone: `memberId` names a former member, so the answer has no `_member` to embed.
*/
export function tokenFromProfile(profile: TokenProfile, account: Pick<Account, 'owner' | 'members' | 'customRoles' | 'formerMemberIds'>, member: Member, origin: TokenOrigin, context: SeedContext): StoredToken {
	const {random, minter} = context;
	const serviceToken = profile.kind === 'service';
	let memberId = member.id;
	let access: Pick<StoredToken, 'role' | 'customRoleIds' | 'inlineRole'>;
	const draw = random.next();
	if (profile.admin) {
		const allAccess = account.customRoles.find(role => role.key === seededRoles.allAccess.key);
		if (draw < 0.2) {
			access = {role: undefined, customRoleIds: none, inlineRole: fullAccessPolicy.map(statement => ({...statement}))};
		} else if (draw < 0.35 && !serviceToken) {
			access = {role: 'owner', customRoleIds: none, inlineRole: none};
			memberId = account.owner.id;
		} else if (allAccess !== undefined && context.later.chance(0.3)) {
			access = {role: undefined, customRoleIds: [allAccess.id], inlineRole: none};
		} else {
			access = {role: 'admin', customRoleIds: none, inlineRole: none};
			if (!serviceToken && context.later.chance(0.5)) {
				// Made while its member was an admin; the member has since become a reader, which caps the token.
				memberId = firstMemberWith(account.members, 'reader')?.id ?? memberId;
			}
		}
	} else if (profile.readOnly) {
		access = {role: 'reader', customRoleIds: none, inlineRole: none};
	} else if (draw < 0.5) {
		access = {role: 'writer', customRoleIds: none, inlineRole: none};
	} else if (draw < 0.8) {
		const limited = account.customRoles.filter(candidate => !candidate.manageTokens);
		const role = limited[random.int(0, limited.length - 1)];
		access = {role: undefined, customRoleIds: role === undefined ? none : [role.id], inlineRole: none};
	} else {
		access = {role: undefined, customRoleIds: none, inlineRole: [{effect: 'allow', resources: ['proj/*:env/production:flag/*'], actions: ['*']}]};
	}

	if (access.role === undefined && access.customRoleIds.length === 0 && access.inlineRole.length === 0) {
		access = {role: 'writer', customRoleIds: none, inlineRole: none};
	}

	if (profile.ownerGone) {
		memberId = random.pick(account.formerMemberIds);
	}

	return storedToken(minter, {
		memberId,
		name: profile.name,
		description: profile.description === '' ? undefined : profile.description,
		creationDate: profile.createdAt,
		lastModified: random.chance(0.6) ? profile.createdAt : profile.createdAt + Math.floor((context.now - profile.createdAt) * random.next()),
		lastUsed: profile.lastUsedAt ?? 0,
		role: access.role,
		customRoleIds: access.customRoleIds,
		inlineRole: access.inlineRole,
		serviceToken,
		defaultApiVersion: versionAt(profile.createdAt),
		origin,
	});
}

function firstMemberWith(members: ReadonlyMap<string, Member>, role: MemberRole): Member | undefined {
	return [...members.values()].find(member => member.role === role);
}

export interface NewToken {
	readonly memberId: string;
	readonly name: string | undefined;
	readonly description: string | undefined;
	readonly creationDate: number;
	/** @default creationDate */
	readonly lastModified?: number | undefined;
	/** @default 0 (never used) */
	readonly lastUsed?: number | undefined;
	readonly role: string | undefined;
	readonly customRoleIds?: readonly string[] | undefined;
	readonly inlineRole?: readonly Statement[] | undefined;
	readonly serviceToken: boolean;
	readonly defaultApiVersion: number;
	readonly origin: TokenOrigin;
}

export function storedToken(minter: Minter, fields: NewToken): StoredToken {
	return {
		id: minter.objectId(fields.creationDate),
		memberId: fields.memberId,
		name: fields.name,
		description: fields.description,
		creationDate: fields.creationDate,
		lastModified: fields.lastModified ?? fields.creationDate,
		lastUsed: fields.lastUsed ?? 0,
		role: fields.role,
		customRoleIds: fields.customRoleIds ?? none,
		inlineRole: fields.inlineRole ?? none,
		serviceToken: fields.serviceToken,
		defaultApiVersion: fields.defaultApiVersion,
		secret: minter.key(),
		graceKeys: none,
		origin: fields.origin,
	};
}

/** When each API version was released (midnight UTC of its date), oldest first. */
const releases: ReadonlyArray<{readonly version: number; readonly at: number}> = apiVersions.map(version => ({
	version,
	at: Date.UTC(Math.floor(version / 10_000), (Math.floor(version / 100) % 100) - 1, version % 100),
}));

/** The newest API version released on or before `at`: a token keeps the version current when it was made. */
export function versionAt(at: number): number {
	let chosen: number = apiVersions[0];
	for (const release of releases) {
		if (release.at <= at) {
			chosen = release.version;
		}
	}

	return chosen;
}
