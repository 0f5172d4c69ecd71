import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import type {GitLabSimulator} from '../../../providers/gitlab/simulator.js';
import {createRandom} from '../../../src/simulate/random.js';
import type {SimRequest} from '../../../src/simulate/types.js';
import {instance1, useGitLab, type Answer} from './support.js';

const startGitLab = useGitLab();

const RowSchema = v.looseObject({id: v.number(), name: v.string(), revoked: v.boolean(), active: v.boolean(), user_id: v.number()});
type Row = Readonly<Record<string, unknown>>;

const pageHeaders = ['x-page', 'x-per-page', 'x-next-page', 'x-prev-page', 'x-total', 'x-total-pages'] as const;

interface Listing {
	readonly path: string;
	readonly perPage: number;
	/** Whose key asks: the administrator's, or the maintainer's (who sees only their own tokens). */
	readonly role: 'admin' | 'maintainer';
	/** The rows the list holds, picked the plain way from every row of the instance in id order. */
	readonly rows: (all: readonly Row[]) => readonly Row[];
}

/** A page and its headers, worked out from the instance as it is now: the listing's rows, sliced. */
function expectedPage(simulator: GitLabSimulator, listing: Listing, page: number): {readonly body: readonly Row[]; readonly headers: Readonly<Record<string, string>>} {
	const rows = listing.rows(simulator.tokens(instance1));
	const pages = Math.max(1, Math.ceil(rows.length / listing.perPage));
	return {
		body: rows.slice((page - 1) * listing.perPage, page * listing.perPage),
		headers: {
			'x-page': String(page),
			'x-per-page': String(listing.perPage),
			'x-next-page': page * listing.perPage < rows.length ? String(page + 1) : '',
			'x-prev-page': page > 1 ? String(Math.min(page - 1, pages)) : '',
			'x-total': String(rows.length),
			'x-total-pages': String(pages),
		},
	};
}

function served(answer: Answer): {readonly body: unknown; readonly headers: Readonly<Record<string, string>>} {
	return {body: answer.body, headers: Object.fromEntries(pageHeaders.map(name => [name, answer.headers.get(name) ?? '(none)']))};
}

describe('the GitLab simulator: pages while tokens change', () => {
	it('serves every page and its X- headers as the whole list would, while tokens are made, rotated and revoked between pages', async () => {
		const running = await startGitLab({accounts: 1, tokens: 60});
		const {simulator} = running;
		const maintainerKey = simulator.keyFor(instance1, 'maintainer');
		const maintainer = v.parse(RowSchema, simulator.tokens(instance1).find(row => row['id'] === simulator.tokenIdFor(instance1, 'maintainer'))).user_id;
		const simulatorKeys = (['admin', 'maintainer', 'developer', 'group-bot'] as const).map(role => simulator.tokenIdFor(instance1, role));
		const churnRequest: SimRequest = {method: 'GET', path: '/api/v4/personal_access_tokens', query: new URLSearchParams(), headers: {'private-token': simulator.keyFor(instance1)}, body: undefined, bodyInvalid: false, remoteAddress: '127.0.0.1'};
		const random = createRandom(11);
		let changes = 0;

		/** One change between two pages: a personal token made, one rotated, one revoked, or a group token made and a churn round. */
		const change = async (): Promise<void> => {
			changes++;
			const personal = simulator.tokens(instance1).map(row => v.parse(RowSchema, row)).filter(row => row.active && !simulatorKeys.includes(row.id));
			const target = personal[changes % personal.length];
			const answer = await [
				async () => running.request('POST', `/api/v4/users/${maintainer}/personal_access_tokens`, {body: {name: `made-${changes}`, scopes: ['read_api']}}),
				async () => running.request('POST', `/api/v4/personal_access_tokens/${target?.id ?? 0}/rotate`),
				async () => running.request('DELETE', `/api/v4/personal_access_tokens/${target?.id ?? 0}`),
				async () => running.request('POST', '/api/v4/groups/101/access_tokens', {body: {name: `group-${changes}`, scopes: ['read_api'], access_level: 30}}),
			][changes % 4]?.();
			expect([200, 201, 204]).toContain(answer?.status);
			if (changes % 4 === 3) {
				simulator.churn(churnRequest, random);
			}
		};

		const listings: readonly Listing[] = [
			{path: '/api/v4/personal_access_tokens', perPage: 9, role: 'admin', rows: all => all},
			{path: `/api/v4/personal_access_tokens?user_id=${maintainer}`, perPage: 2, role: 'admin', rows: all => all.filter(row => row['user_id'] === maintainer)},
			{path: '/api/v4/personal_access_tokens', perPage: 3, role: 'maintainer', rows: all => all.filter(row => row['user_id'] === maintainer)},
			{path: '/api/v4/groups/101/access_tokens', perPage: 2, role: 'admin', rows: all => all.filter(row => row['resource_type'] === 'group' && row['resource_id'] === 101)},
			{
				path: '/api/v4/personal_access_tokens?revoked=false&sort=name_desc',
				perPage: 8,
				role: 'admin',
				rows: all => all.map(row => v.parse(RowSchema, row)).filter(row => !row.revoked).toSorted((a, b) => b.name.localeCompare(a.name) || a.id - b.id),
			},
		];
		for (const listing of listings) {
			let page = 1;
			for (;;) {
				const separator = listing.path.includes('?') ? '&' : '?';
				const answer = await running.request('GET', `${listing.path}${separator}per_page=${listing.perPage}&page=${page}`, listing.role === 'admin' ? {} : {key: maintainerKey});
				// Worked out after the answer: GitLab records a key's use before the route runs, so the page shows it.
				expect([listing.path, page, served(answer)]).toEqual([listing.path, page, expectedPage(simulator, listing, page)]);
				if (answer.headers.get('x-next-page') === '') {
					break;
				}

				page++;
				await change();
			}

			expect([listing.path, page > 2]).toEqual([listing.path, true]);
		}
	});
});
