import type {RunAccount} from '../../src/history/save-run.js';
import type {Token} from '../../src/token.js';

/** A token as a vendor adapter would make it; each test changes what it is about. */
export function token(overrides: Partial<Token> & {readonly id: string}): Token {
	return {
		provider: 'mist',
		account: 'hq',
		name: `token-${overrides.id}`,
		description: null,
		kind: 'org',
		status: 'active',
		ownCredential: false,
		owner: {id: 'u1', email: 'ada@example.com', status: 'present'},
		createdBy: null,
		createdAt: new Date('2025-01-01T00:00:00.000Z'),
		lastUsedAt: new Date('2026-01-01T00:00:00.000Z'),
		expiresAt: null,
		privileges: [{role: 'read', scope: 'org', resource: null}],
		admin: false,
		allowedIps: ['192.0.2.0/24'],
		secretHint: '…abcd',
		raw: {},
		...overrides,
	};
}

/** Every account of `tokens`, complete unless named in `incomplete`. */
export function accountsOf(tokens: readonly Token[], incomplete: readonly string[] = [], extra: readonly RunAccount[] = []): RunAccount[] {
	const seen = new Map<string, RunAccount>();
	for (const {provider, account} of tokens) {
		seen.set(`${provider}:${account}`, {provider, account, complete: !incomplete.includes(account), error: incomplete.includes(account) ? 'ServerError: 503 after retries' : null});
	}

	for (const account of extra) {
		seen.set(`${account.provider}:${account.account}`, account);
	}

	return [...seen.values()];
}
