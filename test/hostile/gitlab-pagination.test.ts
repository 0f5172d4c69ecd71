import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {createGitLabProvider} from '../../providers/gitlab/index.js';
import {PaginationError} from '../../src/errors/index.js';
import {collect, rejectionOf} from '../support/collect.js';
import {linkElsewhere, noPageHeaders, skipsAPage, totalFalls} from './modes/gitlab-pagination.js';
import {passThrough, useHostileVendors, type HostileMode} from './vendor.js';

const startHostile = useHostileVendors();

const EntrySchema = v.looseObject({name: v.string(), baseUrl: v.string(), apiKey: v.string()});

/** The personal tokens of the first instance, listed 5 a page through a hostile server in `mode`. */
async function listThrough(mode: HostileMode) {
	const hostile = await startHostile({vendor: 'gitlab', mode, tokens: 24, others: false});
	const entry = v.parse(EntrySchema, hostile.entries.find(candidate => candidate['provider'] === 'gitlab'));
	const provider = createGitLabProvider({apiKey: entry.apiKey, baseUrl: entry.baseUrl, account: entry.name, pageSize: 5});
	return {hostile, list: async () => collect(provider.list())};
}

describe('GitLab pages bent on the way', () => {
	it('a next page that skips ahead fails the listing rather than hiding tokens', async () => {
		const {list} = await listThrough(skipsAPage);
		const error = await rejectionOf(list());
		expect(error).toBeInstanceOf(PaginationError);
		expect(String(error)).toMatch(/page 1 named page 3 as the next one instead of 2/);
	});

	it('a total that falls between pages fails the listing: offsets shifted and a token may have been skipped', async () => {
		const {list} = await listThrough(totalFalls);
		expect(String(await rejectionOf(list()))).toMatch(/the total fell from \d+ to \d+ between pages/);
	});

	it.each([
		['only a Link header pointing at another origin', linkElsewhere],
		['no page header at all', noPageHeaders],
	] as const)('%s: the same complete list, every request to the vendor\'s own origin', async (_name, mode) => {
		const honest = await listThrough(passThrough);
		const expected = (await honest.list()).map(token => token.id);
		const {hostile, list} = await listThrough(mode);
		expect((await list()).map(token => token.id)).toEqual(expected);
		expect(expected.length).toBeGreaterThan(10);
		expect(hostile.server.requests.every(request => request.url.startsWith('/api/v4/'))).toBe(true);
	});
});
