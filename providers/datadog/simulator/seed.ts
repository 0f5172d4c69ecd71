import {generateProfiles, seededPerson, type SeededPerson, type TokenProfile} from '../../../src/simulate/profiles.js';
import type {Random} from '../../../src/simulate/random.js';
import {credentialRoles, simPermissions, type CredentialRole, type SimAccessToken, type SimApiKey, type SimApplicationKey, type SimOrg, type SimRole, type SimUser} from './model.js';

const day = 86_400_000;

/** Makes keys in Datadog's shapes (docs/vendors/datadog.md, schemas [S v1][D]) and tells every one to the leak list. */
export interface Minter {
	/** 32 hex digits. */
	apiKey(): string;
	/** 40 hex digits. */
	applicationKey(): string;
	/** `ddpat_` or `ddsat_`, 22 characters (the public portion), `_`, 36 characters: 65 in all [I from D cassette]. */
	accessToken(kind: 'personal' | 'service'): {readonly key: string; readonly publicPortion: string};
}

export function createMinter(random: Random, remember: (secret: string) => void): Minter {
	const kept = (secret: string): string => {
		remember(secret);
		return secret;
	};

	return {
		apiKey: () => kept(random.hex(32)),
		applicationKey: () => kept(random.hex(40)),
		accessToken(kind) {
			const publicPortion = `${kind === 'personal' ? 'ddpat' : 'ddsat'}_${random.alphanumeric(22)}`;
			return {key: kept(`${publicPortion}_${random.alphanumeric(36)}`), publicPortion};
		},
	};
}

/** The managed roles and one custom role, with the permissions the simulator checks. */
function seedRoles(random: Random, now: number): SimRole[] {
	const all = new Set<string>(simPermissions);
	const role = (name: string, permissions: readonly string[]): SimRole => ({id: random.uuid(), name, permissions: new Set(permissions), createdAt: now - 900 * day});
	return [
		role('Datadog Admin Role', [...all]),
		role('Datadog Standard Role', ['api_keys_read', 'user_app_keys', 'user_access_read', 'dashboards_read', 'dashboards_write', 'monitors_read', 'monitors_write', 'logs_read_data', 'metrics_read']),
		role('Datadog Read Only Role', ['user_access_read', 'dashboards_read', 'monitors_read', 'logs_read_data', 'metrics_read']),
		// A role an org made for its key reviews: it reads every key and user and changes nothing.
		role('Key Auditor', ['api_keys_read', 'org_app_keys_read', 'user_app_keys', 'user_access_read']),
		role('Incident Responders', ['dashboards_read', 'dashboards_write', 'monitors_read', 'monitors_write', 'user_app_keys']),
	];
}

export interface SeedContext {
	readonly random: Random;
	readonly minter: Minter;
	readonly now: number;
}

/**
One org: an admin (whose API key and application key `accounts()` reports), an auditor, a standard user, six
people (two of them disabled, as people who left are), two service accounts, and `tokens` seeded keys of every
kind spread over them, with the shared profiles' risks (src/simulate/profiles.ts): never used, stale, unscoped keys
of admins, keys of disabled users.
*/
export function seedOrg(position: number, tokens: number, {random, minter, now}: SeedContext): SimOrg {
	const domain = `org${position}.example.com`;
	const roles = seedRoles(random, now);
	const [admin, standard, readOnly, auditor, custom] = roles;
	if (admin === undefined || standard === undefined || readOnly === undefined || auditor === undefined || custom === undefined) {
		throw new Error('unreachable: five roles are seeded');
	}

	const users: SimUser[] = [];
	const addUser = (person: SeededPerson, role: SimRole, extra: Partial<Pick<SimUser, 'disabled' | 'serviceAccount'>> = {}): SimUser => {
		const user: SimUser = {
			id: random.uuid(),
			email: person.email,
			handle: person.email,
			name: `${person.firstName} ${person.lastName}`,
			disabled: extra.disabled ?? false,
			status: 'Active',
			serviceAccount: extra.serviceAccount ?? false,
			roleIds: [role.id],
			createdAt: now - random.int(400, 1500) * day,
		};
		users.push(user);
		return user;
	};

	const named = (firstName: string, lastName: string, local: string): SeededPerson => ({firstName, lastName, email: `${local}@${domain}`});
	const tokenkitAdmin = addUser(named('Tokenkit', 'Admin', 'tokenkit-admin'), admin);
	const tokenkitAuditor = addUser(named('Tokenkit', 'Auditor', 'tokenkit-auditor'), auditor);
	const tokenkitStandard = addUser(named('Tokenkit', 'Standard', 'tokenkit-standard'), standard);
	const people = [admin, standard, standard, standard, readOnly, custom].map((role, index) => addUser(seededPerson(random, domain), role, {disabled: index === 2 || index === 5}));
	const ciAutomation = addUser(named('CI', 'Automation', 'ci-automation'), admin, {serviceAccount: true});
	const exporter = addUser(named('Metrics', 'Exporter', 'metrics-exporter'), standard, {serviceAccount: true});
	const serviceAccounts = [ciAutomation, exporter] as const;

	const apiKeys = new Map<string, SimApiKey>();
	const applicationKeys = new Map<string, SimApplicationKey>();
	const accessTokens = new Map<string, SimAccessToken>();
	const credentialApiKey = makeApiKey({id: random.uuid(), name: 'tokenkit-admin', key: minter.apiKey(), createdAt: now - 200 * day, lastUsedAt: now - day, createdBy: tokenkitAdmin.id, origin: 'credential'});
	apiKeys.set(credentialApiKey.id, credentialApiKey);
	const credentialKey = (name: string, owner: SimUser, scopes: readonly string[] | null): string => {
		const key: SimApplicationKey = {id: random.uuid(), name, key: minter.applicationKey(), createdAt: now - 200 * day, lastUsedAt: now - day, scopes, ownerId: owner.id, origin: 'credential'};
		applicationKeys.set(key.id, key);
		return key.id;
	};

	const applicationKeyIds: Record<CredentialRole, string> = {
		admin: credentialKey('tokenkit-admin', tokenkitAdmin, null),
		auditor: credentialKey('tokenkit-auditor', tokenkitAuditor, null),
		standard: credentialKey('tokenkit-standard', tokenkitStandard, null),
		'api-keys-only': credentialKey('tokenkit-api-keys-only', tokenkitAdmin, ['api_keys_read']),
		'service-account': credentialKey('tokenkit-ci', ciAutomation, null),
	};
	if (credentialRoles.some(role => applicationKeyIds[role] === '')) {
		throw new Error('unreachable: every credential role has a key');
	}

	const active = people.filter(user => !user.disabled);
	const disabled = people.filter(user => user.disabled);
	const seeded = nonEmpty(people.map(user => ({firstName: user.name.split(' ')[0] ?? '', lastName: user.name.split(' ')[1] ?? '', email: user.email})));
	for (const [index, profile] of generateProfiles(random, tokens, now, seeded).entries()) {
		const person = pickOwner(profile, random, {active, disabled});
		const serviceAccount = random.pick(serviceAccounts);
		switch (index % 10) {
			case 0:
			case 1:
			case 2: {
				const key = makeApiKey({id: random.uuid(), name: profile.name, key: minter.apiKey(), createdAt: profile.createdAt, lastUsedAt: profile.lastUsedAt, createdBy: person.id, origin: 'seed'});
				apiKeys.set(key.id, key);
				break;
			}

			case 9: {
				const token = seedAccessToken(profile, 'service', serviceAccount, {random, minter, now});
				accessTokens.set(token.id, token);
				break;
			}

			case 7:
			case 8: {
				const token = seedAccessToken(profile, 'personal', person, {random, minter, now});
				accessTokens.set(token.id, token);
				break;
			}

			default: {
				const owner = profile.kind === 'service' ? serviceAccount : profile.admin ? random.pick([tokenkitAdmin, ciAutomation] as const) : person;
				const key: SimApplicationKey = {id: random.uuid(), name: profile.name, key: minter.applicationKey(), createdAt: profile.createdAt, lastUsedAt: profile.lastUsedAt, scopes: applicationKeyScopes(profile, random), ownerId: owner.id, origin: 'seed'};
				applicationKeys.set(key.id, key);
			}
		}
	}

	return {
		id: random.uuid(),
		name: `datadog-org-${position}`,
		oneTimeRead: position > 1,
		roles: new Map(roles.map(role => [role.id, role])),
		users: new Map(users.map(user => [user.id, user])),
		apiKeys,
		applicationKeys,
		accessTokens,
		revokedTokens: new Set(),
		credentials: {apiKeyId: credentialApiKey.id, applicationKeyIds},
		churned: 0,
	};
}

export function makeApiKey(input: Pick<SimApiKey, 'id' | 'name' | 'key' | 'createdAt' | 'lastUsedAt' | 'createdBy' | 'origin'>): SimApiKey {
	return {...input, modifiedAt: input.createdAt, category: 'default', remoteConfigReadEnabled: true, modifiedBy: null};
}

/** A person for a profile: one who left (disabled) where the profile's owner is gone, else an active one. */
function pickOwner(profile: TokenProfile, random: Random, people: {readonly active: readonly SimUser[]; readonly disabled: readonly SimUser[]}): SimUser {
	const pool = profile.ownerGone ? people.disabled : people.active;
	const [first, ...rest] = pool;
	if (first === undefined) {
		throw new Error('unreachable: both pools are seeded');
	}

	return random.pick([first, ...rest]);
}

/** Full access (unscoped, or a management permission), read-only scopes, or the owner's access unscoped. */
function applicationKeyScopes(profile: TokenProfile, random: Random): readonly string[] | null {
	if (profile.admin) {
		return random.chance(0.5) ? null : ['api_keys_write', 'dashboards_read'];
	}

	if (profile.readOnly) {
		return ['dashboards_read', 'monitors_read'];
	}

	return random.chance(0.4) ? null : ['dashboards_read', 'dashboards_write', 'metrics_read'];
}

/**
A personal token always has an expiry (Datadog requires one [S+]), and an expired one is revoked by Datadog [D]: a
profile without a future expiry gets one from 1 to 12 months ahead. A service token keeps the profile's "never".
*/
function seedAccessToken(profile: TokenProfile, kind: 'personal' | 'service', owner: SimUser, {random, minter, now}: SeedContext): SimAccessToken {
	const future = profile.expiresAt !== null && profile.expiresAt > now ? profile.expiresAt : null;
	const expiresAt = future ?? (kind === 'personal' || profile.expiresAt !== null ? now + random.int(30, 365) * day : null);
	// An expiry lies at most a year after creation [S+][D]: a token that would have lived longer was made later.
	const aheadDays = expiresAt === null ? 0 : Math.ceil((expiresAt - now) / day);
	const createdAt = expiresAt !== null && expiresAt - profile.createdAt > 365 * day ? expiresAt - random.int(Math.min(365, aheadDays + 1), 365) * day : profile.createdAt;
	const lastUsedAt = profile.lastUsedAt === null ? null : Math.max(createdAt, profile.lastUsedAt);
	const {key, publicPortion} = minter.accessToken(kind);
	const scopes = profile.admin ? ['api_keys_write', 'user_access_manage', 'dashboards_read'] : profile.readOnly ? ['dashboards_read'] : ['dashboards_read', 'metrics_read'];
	return {id: random.uuid(), kind, name: profile.name, key, publicPortion, createdAt, modifiedAt: null, expiresAt, lastUsedAt: lastUsedAt === null ? null : Math.min(lastUsedAt, now), scopes, ownerId: owner.id, origin: 'seed'};
}

function nonEmpty<T>(items: readonly T[]): readonly [T, ...T[]] {
	const [first, ...rest] = items;
	if (first === undefined) {
		throw new Error('unreachable: people are seeded');
	}

	return [first, ...rest];
}
