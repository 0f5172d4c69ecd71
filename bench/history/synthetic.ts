import {createRandom} from '../../src/simulate/random.js';
import type {RunAccount} from '../../src/history/save-run.js';
import type {Token} from '../../src/token.js';

/** Two inventories of one fleet a week apart, and what the week changed, so a diff's answer can be checked. */
export interface FleetWeek {
	readonly accounts: readonly RunAccount[];
	readonly before: readonly Token[];
	readonly after: readonly Token[];
	readonly created: number;
	readonly removed: number;
	/** Tokens whose record changed in a way a diff reports (name, privileges, admin, allow-list, expiry). */
	readonly changed: number;
}

const day = 86_400_000;
const vendors = ['mist', 'opal', 'launchdarkly', 'gitlab', 'github', 'cloudflare', 'okta'] as const;

/**
`tokens` tokens over `accounts` accounts of every vendor, then the same a week later: every third token used
meanwhile, `changedShare` of them changed (renamed, widened, made admin, allow-list lifted or expiry pushed out, in
turn), as many removed and as many created.
*/
export function fleetWeek(tokens: number, accounts: number, changedShare: number, seed = 1): FleetWeek {
	const random = createRandom(seed);
	const now = Date.parse('2026-11-23T00:00:00.000Z');
	const labels = Array.from({length: accounts}, (_, index) => ({provider: vendors[index % vendors.length] ?? 'mist', account: `account-${index + 1}`}));
	const token = (index: number): Token => {
		const place = labels[index % labels.length] ?? {provider: 'mist', account: 'account-1'};
		const admin = random.chance(0.1);
		return {
			...place,
			id: random.uuid(),
			name: `token-${index}`,
			description: random.chance(0.3) ? `used by service ${index % 97}` : null,
			kind: random.pick(['org', 'personal', 'service'] as const),
			status: 'active',
			ownCredential: false,
			owner: {id: `user-${index % 500}`, email: `person${index % 500}@example.com`, status: 'present'},
			createdBy: null,
			createdAt: new Date(now - random.int(1, 1500) * day),
			lastUsedAt: random.chance(0.2) ? null : new Date(now - random.int(0, 400) * day),
			expiresAt: random.chance(0.5) ? null : new Date(now + random.int(1, 365) * day),
			privileges: admin ? [{role: 'admin', scope: 'org', resource: null}] : [{role: random.pick(['read', 'write'] as const), scope: 'site', resource: `site-${index % 40}`}],
			admin,
			allowedIps: random.chance(0.4) ? ['192.0.2.0/24'] : [],
			secretHint: `…${random.alphanumeric(4)}`,
			raw: {},
		};
	};

	const before = Array.from({length: tokens}, (_, index) => token(index));
	const changes = Math.round(tokens * changedShare);
	const after: Token[] = [];
	let changed = 0;
	for (const [index, original] of before.entries()) {
		if (index < changes) {
			// Removed: the first `changes` tokens are gone a week later.
			continue;
		}

		const used = index % 3 === 0 ? {lastUsedAt: new Date(now + day)} : {};
		if (index < 2 * changes) {
			changed++;
			after.push({...original, ...used, ...changeOf(original, index, now)});
		} else {
			after.push({...original, ...used});
		}
	}

	for (let index = 0; index < changes; index++) {
		after.push(token(tokens + index));
	}

	return {accounts: labels.map(label => ({...label, complete: true})), before, after, created: changes, removed: changes, changed};
}

function changeOf(token: Token, index: number, now: number): Partial<Token> {
	switch (index % 5) {
		case 0: {
			return renamed(token);
		}

		case 1: {
			return {privileges: [...token.privileges, {role: 'write', scope: 'org', resource: null}]};
		}

		case 2: {
			return token.admin === true ? renamed(token) : {admin: true, privileges: [{role: 'admin', scope: 'org', resource: null}, ...token.privileges]};
		}

		case 3: {
			return token.allowedIps?.length === 0 ? {allowedIps: ['198.51.100.0/24']} : {allowedIps: []};
		}

		default: {
			return {expiresAt: new Date(now + 3 * 365 * day)};
		}
	}
}

function renamed(token: Token): Partial<Token> {
	return {name: `${token.name}-renamed`};
}
