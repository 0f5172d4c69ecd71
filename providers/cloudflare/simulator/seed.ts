import {generateProfiles, seededPerson, type SeededPerson, type TokenProfile} from '../../../src/simulate/profiles.js';
import type {Random} from '../../../src/simulate/random.js';
import {accountKey, groupNamed, userKey, zoneKey, type CloudflareKeyRole, type SimAccount, type SimUser, type StoredPolicy, type StoredToken} from './model.js';
import {OrderedTokens} from './ordered-tokens.js';

const day = 86_400_000;

/** Mints secrets and ids, and tells the simulator of every secret it hands out. */
export interface Minter {
	/** A new secret in the format Cloudflare uses since 2026: `cfut_` (user) or `cfat_` (account), 40 characters and a checksum [D]. */
	secret(kind: 'user' | 'account'): string;
	/** A secret in the format from before 2026: 40 characters [D]. */
	legacySecret(): string;
	/** A 32-hex id, as Cloudflare's token and account ids are. */
	id(): string;
}

export function createMinter(random: Random, onSecret: (secret: string) => void): Minter {
	return {
		secret(kind) {
			const body = random.alphanumeric(40);
			// The checksum's algorithm is not published: eight hex digits stand for it ([I]).
			const secret = `${kind === 'user' ? 'cfut' : 'cfat'}_${body}${random.hex(8)}`;
			onSecret(secret);
			return secret;
		},
		legacySecret() {
			const secret = random.alphanumeric(40);
			onSecret(secret);
			return secret;
		},
		id: () => random.hex(32),
	};
}

interface SeedContext {
	readonly random: Random;
	readonly minter: Minter;
	readonly now: number;
}

/** A policy with the catalogue's ids for the named groups. */
export function policy(context: {readonly minter: Minter}, effect: 'allow' | 'deny', groups: readonly string[], resources: StoredPolicy['resources']): StoredPolicy {
	return {id: context.minter.id(), effect, permission_groups: groups.map(name => groupNamed(name)).map(group => ({id: group.id, name: group.name})), resources};
}

function credential(context: SeedContext, name: string, owner: StoredToken['owner'], policies: StoredPolicy[]): StoredToken {
	return {
		id: context.minter.id(),
		name,
		status: 'active',
		issuedOn: context.now - 200 * day,
		modifiedOn: context.now - 200 * day,
		lastUsedOn: null,
		notBefore: null,
		expiresOn: null,
		requestIp: undefined,
		policies,
		secret: context.minter.secret(owner.kind),
		creatorEmail: null,
		owner,
		reserved: true,
	};
}

/**
One account: its zones, its administrator (a user with user tokens), the simulator's own keys, and `tokens`
seeded account tokens plus a third as many user tokens of the administrator, from the shared profiles
(src/simulate/profiles.ts). A few are made risky on purpose whenever there are enough: one issued ahead of its
use (`not_before` weeks ahead), one with an exclude-only IP rule, one disabled.
*/
export function seedAccount(position: number, tokens: number, context: SeedContext): SimAccount {
	const {random, minter, now} = context;
	const id = minter.id();
	const domain = `example-${position}.com`;
	const zones = Array.from({length: 3}, (_, index) => ({id: minter.id(), name: index === 0 ? domain : `shop${index}.${domain}`}));
	const people: [SeededPerson, ...SeededPerson[]] = [seededPerson(random, domain), ...Array.from({length: 4}, () => seededPerson(random, domain))];
	const [adminPerson] = people;
	const admin: SimUser = {id: minter.id(), email: adminPerson.email, tokens: new OrderedTokens(), accountIds: [id]};
	const ownAccount = {kind: 'account', accountId: id} as const;
	const ownUser = {kind: 'user', userId: admin.id} as const;
	const credentials: Record<CloudflareKeyRole, StoredToken> = {
		admin: credential(context, 'tokenkit-admin', ownAccount, [policy(context, 'allow', ['Account API Tokens Write', 'Account Settings Read'], {[accountKey(id)]: '*'})]),
		read: credential(context, 'tokenkit-read', ownAccount, [policy(context, 'allow', ['Account API Tokens Read'], {[accountKey(id)]: '*'})]),
		none: credential(context, 'dns-reader', ownAccount, [policy(context, 'allow', ['DNS Read'], {[accountKey(id)]: {'com.cloudflare.api.account.zone.*': '*'}})]),
		'user-admin': credential(context, 'tokenkit-user-admin', ownUser, [
			policy(context, 'allow', ['API Tokens Write', 'User Details Read'], {[userKey(admin.id)]: '*'}),
			policy(context, 'allow', ['Account API Tokens Write'], {[accountKey(id)]: '*'}),
		]),
		'user-read': credential(context, 'tokenkit-user-read', ownUser, [policy(context, 'allow', ['API Tokens Read'], {[userKey(admin.id)]: '*'})]),
	};
	const account: SimAccount = {label: `cloudflare-account-${position}`, userLabel: `cloudflare-user-${position}`, id, name: `${adminPerson.firstName}'s account ${position}`, zones, tokens: new OrderedTokens(), admin, credentials, churned: 0};
	for (const token of Object.values(credentials)) {
		(token.owner.kind === 'user' ? admin.tokens : account.tokens).add(token);
	}

	for (const [index, profile] of generateProfiles(random.fork('account-tokens'), tokens, now, people).entries()) {
		const token = tokenFromProfile(profile, account, 'account', index, context);
		account.tokens.add(token);
	}

	for (const [index, profile] of generateProfiles(random.fork('user-tokens'), Math.ceil(tokens / 3), now, [adminPerson]).entries()) {
		const token = tokenFromProfile(profile, account, 'user', index, context);
		admin.tokens.add(token);
	}

	return account;
}

/** One seeded token from a shared profile, in Cloudflare's terms. */
export function tokenFromProfile(profile: TokenProfile, account: SimAccount, kind: 'user' | 'account', index: number, context: SeedContext): StoredToken {
	const {random, minter, now} = context;
	const zone = random.pick([account.zones[0] ?? {id: minter.id(), name: 'example.com'}, ...account.zones]);
	const policies: StoredPolicy[] = profile.admin
		? [kind === 'user'
			? policy(context, 'allow', ['API Tokens Write'], {[userKey(account.admin.id)]: '*'})
			: policy(context, 'allow', ['Account Settings Write', 'Workers Scripts Write'], {[accountKey(account.id)]: '*'})]
		: profile.readOnly
			? [policy(context, 'allow', ['Zone Read', 'DNS Read'], {[accountKey(account.id)]: {'com.cloudflare.api.account.zone.*': '*'}})]
			: [policy(context, 'allow', ['DNS Write', 'Cache Purge'], {[zoneKey(zone.id)]: '*'})];
	// Now and then a deny beside the grant, as people write them to fence off one zone.
	if (!profile.admin && random.chance(0.1)) {
		policies.push(policy(context, 'deny', ['DNS Write'], {[zoneKey(zone.id)]: '*'}));
	}

	const excludeOnly = index === 3;
	const requestIp = excludeOnly
		? {not_in: ['198.51.100.0/24']}
		: profile.allowedIps.length > 0 ? {in: [...profile.allowedIps], ...(random.chance(0.3) ? {not_in: ['203.0.113.66/32']} : {})} : undefined;
	const notBefore = index === 2 ? now + random.int(7, 30) * day : null;
	const legacy = profile.createdAt < Date.UTC(2026, 0, 1);
	return {
		id: minter.id(),
		name: profile.name,
		status: index === 4 || random.chance(0.03) ? 'disabled' : 'active',
		issuedOn: profile.createdAt,
		modifiedOn: profile.createdAt,
		lastUsedOn: notBefore === null ? profile.lastUsedAt : null,
		notBefore,
		expiresOn: profile.expiresAt,
		requestIp,
		policies,
		secret: legacy ? minter.legacySecret() : minter.secret(kind),
		// Recorded for most account tokens; Cloudflare keeps the email even after the person leaves [D].
		creatorEmail: kind === 'account' && random.chance(0.8) ? profile.owner.email : null,
		owner: kind === 'user' ? {kind: 'user', userId: account.admin.id} : {kind: 'account', accountId: account.id},
		reserved: false,
	};
}
