import {inspect} from 'node:util';
import {describe, expect, it} from 'vitest';
import {
	AuthenticationError,
	ConfigError,
	NetworkError,
	NotFoundError,
	PermissionDeniedError,
	RotationIncompleteError,
	ServerError,
} from '../../../src/errors/index.js';
import type {MintedToken} from '../../../src/provider.js';
import {collect, expectNoSecrets, providerFor, rejectionOf, watchedFetch} from './provider-support.js';
import {account1, start, useSimulator, type Running} from './support.js';

const startSimulator = useSimulator();
const hour = 3_600_000;

/** A fresh admin service token of account 1 and its key, to rotate. */
async function rotatable(sim: Running): Promise<MintedToken> {
	return providerFor(sim).create({name: 'rotating', kind: 'service', privileges: [{role: 'writer', scope: 'account', resource: null}]});
}

/** Whether `key` still authenticates: a get of the token with that key. */
async function works(sim: Running, key: string, id: string): Promise<boolean> {
	try {
		await providerFor(sim, {apiKey: key, retry: {attempts: 1}}).get(id);
		return true;
	} catch (error) {
		if (error instanceof AuthenticationError) {
			return false;
		}

		throw error;
	}
}

describe('LaunchDarkly provider: rotate', () => {
	it('resets the key in place: same id, a new key that works, the old one until the grace period ends', async () => {
		const sim = await startSimulator();
		const {token, secret: oldKey} = await rotatable(sim);
		const watched = watchedFetch();
		const result = await providerFor(sim, {fetch: watched.fetch}).rotate(token.id, {gracePeriod: hour});

		expect(result).toMatchObject({style: 'reset', previousId: token.id, previous: {state: 'valid-until', until: new Date(start + hour)}});
		expect(result.token).toMatchObject({id: token.id, name: 'rotating', privileges: token.privileges, kind: 'service'});
		const newKey = result.secret.reveal();
		expect(oldKey.equals(newKey)).toBe(false);
		expect(watched.requests.map(request => `${request.method} ${request.url.pathname}${request.url.search}`)).toEqual([`POST /api/v2/tokens/${token.id}/reset?expiry=${start + hour}`]);

		expect(await works(sim, newKey, token.id)).toBe(true);
		sim.clock.set(start + hour - 1);
		expect(await works(sim, oldKey.reveal(), token.id)).toBe(true);
		sim.clock.set(start + hour);
		expect(await works(sim, oldKey.reveal(), token.id)).toBe(false);
		expect(await works(sim, newKey, token.id)).toBe(true);

		expect(result.token.secretHint).toBe(`…${newKey.slice(-4)}`);
		expect(JSON.stringify(result.token.raw)).not.toContain(newKey);
		expect(`${inspect(result, {depth: 10})} ${JSON.stringify(result)}`).not.toContain(newKey);
	});

	it('ends the old key at once with no grace period, and sends no expiry', async () => {
		const sim = await startSimulator();
		const {token, secret: oldKey} = await rotatable(sim);
		const watched = watchedFetch();
		const result = await providerFor(sim, {fetch: watched.fetch}).rotate(token.id);
		expect(result.previous).toEqual({state: 'revoked'});
		expect(watched.requests.map(request => request.url.search)).toEqual(['']);
		expect(await works(sim, oldKey.reveal(), token.id)).toBe(false);
		expect(await works(sim, result.secret.reveal(), token.id)).toBe(true);
	});

	it('hands the new key to onMinted before returning, while both keys work', async () => {
		const sim = await startSimulator();
		const {token, secret: oldKey} = await rotatable(sim);
		const order: string[] = [];
		const result = await providerFor(sim).rotate(token.id, {
			gracePeriod: 60_000,
			async onMinted(minted) {
				order.push('onMinted');
				expect(minted.token.id).toBe(token.id);
				expect(await works(sim, minted.secret.reveal(), token.id)).toBe(true);
				expect(await works(sim, oldKey.reveal(), token.id)).toBe(true);
			},
		});
		order.push('returned');
		expect(order).toEqual(['onMinted', 'returned']);
		expect(result.previous).toEqual({state: 'valid-until', until: new Date(start + 60_000)});
	});

	it('says what became of the old key when onMinted fails, without the new key in the error', async () => {
		const sim = await startSimulator();
		const {token, secret: oldKey} = await rotatable(sim);
		const failure = new Error('vault unreachable');
		const error = await rejectionOf(providerFor(sim).rotate(token.id, {gracePeriod: hour, onMinted: async () => Promise.reject(failure)}));
		expect(error).toBeInstanceOf(RotationIncompleteError);
		expect(error).toMatchObject({provider: 'launchdarkly', account: account1, cause: failure, previousId: token.id});
		expect(String(error)).toMatch(/the token was reset, but storing the new key failed; the previous key keeps working until 2025-06-15T01:00:00\.000Z\. Store the key from error\.minted\.secret/);
		// The new key is not lost: the error still holds it, and it authenticates.
		const minted = error instanceof RotationIncompleteError ? error.minted : undefined;
		expect(await works(sim, minted?.secret.reveal() ?? '', token.id)).toBe(true);
		expect(await works(sim, oldKey.reveal(), token.id)).toBe(true);
		expectNoSecrets(sim, error);
	});

	it('does not send a reset again when its answer is lost, and says the reset may have happened', async () => {
		const sim = await startSimulator({}, {faults: {lost: 1}});
		const [target] = sim.simulator.tokens(account1).filter(token => token.serviceToken === true && token.name?.startsWith('tokenkit-sim-') !== true);
		const id = target?._id ?? '';
		const error = await rejectionOf(providerFor(sim).rotate(id, {gracePeriod: hour}));
		expect(error).toBeInstanceOf(NetworkError);
		expect(error).toMatchObject({notSent: false, method: 'POST'});
		expect(String(error)).toMatch(new RegExp(`token ${id} may have been reset: if so, its new key is lost and the previous key keeps working until 2025-06-15T01:00:00.000Z`));
		expect(sim.server.stats.requests).toBe(1);
		// It did happen: the simulator now shows another key's last four characters.
		expect(sim.simulator.tokens(account1).find(token => token._id === id)?.token).not.toBe(target?.token);
		expectNoSecrets(sim, error);
	});

	it('does not send a reset again after a 5xx, and says the reset may have happened', async () => {
		const sim = await startSimulator({}, {faults: {'500': 1}});
		const [target] = sim.simulator.tokens(account1);
		const error = await rejectionOf(providerFor(sim).rotate(target?._id ?? ''));
		expect(error).toBeInstanceOf(ServerError);
		expect(error).toMatchObject({status: 500, vendorCode: 'internal_server_error'});
		expect(String(error)).toMatch(/may have been reset: if so, its new key is lost and the previous key no longer works/);
		expect(sim.server.stats.requests).toBe(1);
		expectNoSecrets(sim, error);
	});

	it('says PermissionDeniedError for a reader key and NotFoundError for an unknown id', async () => {
		const sim = await startSimulator();
		const {token} = await rotatable(sim);
		const denied = await rejectionOf(providerFor(sim, {apiKey: sim.simulator.keyFor(account1, 'reader')}).rotate(token.id, {gracePeriod: hour}));
		expect(denied).toBeInstanceOf(PermissionDeniedError);
		expectNoSecrets(sim, denied);
		await expect(providerFor(sim).rotate('000000000000000000000000')).rejects.toBeInstanceOf(NotFoundError);
	});

	it('refuses a negative or endless grace period before sending', async () => {
		const sim = await startSimulator();
		const ld = providerFor(sim);
		await expect(ld.rotate('61095542756dba551110ae21', {gracePeriod: -1})).rejects.toBeInstanceOf(ConfigError);
		await expect(ld.rotate('61095542756dba551110ae21', {gracePeriod: Number.POSITIVE_INFINITY})).rejects.toBeInstanceOf(ConfigError);
		expect(sim.server.stats.requests).toBe(0);
	});

	it('ends its own credential when it resets its own token without a grace period', async () => {
		const sim = await startSimulator();
		const ld = providerFor(sim);
		await ld.rotate(sim.simulator.tokenIdFor(account1));
		await expect(collect(ld.list())).rejects.toBeInstanceOf(AuthenticationError);
	});
});
