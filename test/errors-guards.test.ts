import {cp, mkdtemp, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {
	HttpError,
	isAuthenticationError,
	isHttpError,
	isNotFoundError,
	isRateLimitError,
	isTokenkitError,
	NotFoundError,
	RateLimitError,
	TokenkitError,
} from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const copies: string[] = [];
afterAll(async () => {
	await Promise.all(copies.map(async directory => rm(directory, {recursive: true, force: true})));
});

/** A second copy of the built package, as a second install in node_modules would load it: its own classes. */
async function secondCopy(): Promise<Record<string, unknown>> {
	const directory = await mkdtemp(join(root, 'node_modules', '.tokenkit-second-copy-'));
	copies.push(directory);
	await cp(join(root, 'dist'), join(directory, 'dist'), {recursive: true});
	const loaded: unknown = await import(pathToFileURL(join(directory, 'dist', 'src', 'index.js')).href);
	if (typeof loaded !== 'object' || loaded === null) {
		throw new Error('the copy did not load');
	}

	return {...loaded};
}

describe('the is… guards', () => {
	it('recognize an error by class and superclass, as instanceof does', () => {
		const error = new NotFoundError({provider: 'mist', account: 'hq', status: 404, method: 'GET', path: '/x'});
		expect(isNotFoundError(error)).toBe(true);
		expect(isHttpError(error)).toBe(true);
		expect(isTokenkitError(error)).toBe(true);
		expect(isAuthenticationError(error)).toBe(false);
		expect(isRateLimitError(error)).toBe(false);
	});

	it('say no to look-alikes: a plain Error with the same name, a plain object, null', () => {
		const impostor = Object.assign(new Error('x'), {name: 'NotFoundError', status: 404});
		expect(isNotFoundError(impostor)).toBe(false);
		expect(isTokenkitError({name: 'TokenkitError'})).toBe(false);
		expect(isTokenkitError(null)).toBe(false);
		expect(isTokenkitError('TokenkitError')).toBe(false);
	});

	it('recognize errors of a second copy of tokenkit, where instanceof fails', async () => {
		const copy = await secondCopy();
		const {RateLimitError: OtherRateLimitError, NotFoundError: OtherNotFoundError} = copy;
		if (typeof OtherRateLimitError !== 'function' || typeof OtherNotFoundError !== 'function') {
			throw new Error('the copy exports no error classes');
		}

		expect(OtherRateLimitError).not.toBe(RateLimitError);
		const limited: unknown = Reflect.construct(OtherRateLimitError, [{provider: 'opal', account: 'prod', status: 429, retryAt: null, reason: 'slow down'}]);
		const missing: unknown = Reflect.construct(OtherNotFoundError, [{provider: 'opal', account: 'prod', status: 404, method: 'GET', path: '/x'}]);
		expect(limited instanceof TokenkitError).toBe(false);
		expect(missing instanceof HttpError).toBe(false);
		expect(isRateLimitError(limited)).toBe(true);
		expect(isTokenkitError(limited)).toBe(true);
		expect(isHttpError(missing)).toBe(true);
		expect(isNotFoundError(missing)).toBe(true);
		expect(isRateLimitError(missing)).toBe(false);
	});
});
