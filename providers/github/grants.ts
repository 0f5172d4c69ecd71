import {ConfigError, NetworkError, NotFoundError, ServerError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpRequest, HttpResponse} from '../../src/http/client.js';
import type {Token} from '../../src/token.js';
import {linkPages} from './link-pages.js';
import {grantToToken, unknownMember, type OrgMember} from './map.js';
import type {OrgMembers} from './members.js';
import {GrantsSchema, RepositoriesSchema, type Grant} from './schema.js';

/** What the grant operations need from the provider. */
export interface ScopeDependencies {
	readonly context: ErrorContext;
	readonly account: string;
	readonly send: (request: HttpRequest) => Promise<HttpResponse>;
	readonly base: URL;
	readonly pageSize: number;
	/** The org's login, once the installation is known. */
	readonly org: (signal: AbortSignal | undefined) => Promise<string>;
	/** Owner lookups; undefined when `resolveOwners` is off. */
	readonly members: OrgMembers | undefined;
	/** Scrubs known secrets from a token before it is handed out. */
	readonly scrub: (token: Token) => Token;
}

/** The most grants one bulk revoke takes (docs/vendors/github.md, endpoints [S]: `pat_ids`, 1 to 100). */
export const bulkRevokeLimit = 100;

/** Repository listings in flight at once for one page of grants. */
const repositoryReadsAtOnce = 4;

/**
Fine-grained PAT grants (docs/vendors/github.md, endpoints [S]): a listing follows the `Link` header; each grant that
reaches a `subset` of repositories has them read from its `repositories` list (paged the same way), and each owner's
membership is looked up once. There is no GET for one grant, so `get` reads the list until it finds the id.
*/
export function grantOperations(dependencies: ScopeDependencies) {
	const {context, send} = dependencies;

	async function repositoriesOf(org: string, grant: Grant, signal: AbortSignal): Promise<readonly string[] | undefined> {
		if (grant.repository_selection !== 'subset') {
			return undefined;
		}

		const names: string[] = [];
		const pages = linkPages({
			context,
			send,
			base: dependencies.base,
			path: `orgs/${encodeURIComponent(org)}/personal-access-tokens/${grant.id}/repositories`,
			pageSize: dependencies.pageSize,
			schema: RepositoriesSchema,
			idKey: 'id',
			idOf: repository => String(repository.id),
			toItems: async records => Promise.resolve(records.map(repository => repository.full_name)),
			signal,
		});
		for await (const page of pages) {
			names.push(...page);
		}

		return names;
	}

	async function toTokens(org: string, grants: readonly Grant[], signal: AbortSignal): Promise<Token[]> {
		const members = dependencies.members === undefined ? undefined : await dependencies.members.lookUp(grants.map(grant => grant.owner.login), org, signal);
		const repositories = new Map<number, readonly string[] | undefined>();
		for (let start = 0; start < grants.length; start += repositoryReadsAtOnce) {
			const batch = grants.slice(start, start + repositoryReadsAtOnce);
			const read = await Promise.all(batch.map(async grant => repositoriesOf(org, grant, signal)));
			batch.forEach((grant, index) => repositories.set(grant.id, read[index]));
		}

		return grants.map(grant => {
			const member: OrgMember = members?.get(grant.owner.login) ?? unknownMember;
			return dependencies.scrub(grantToToken(grant, dependencies.account, member, repositories.get(grant.id)));
		});
	}

	async function* pages(signal: AbortSignal | undefined, filter: Readonly<Record<string, string>> = {}): AsyncGenerator<readonly Token[], void, undefined> {
		const org = await dependencies.org(signal);
		const query = new URLSearchParams(filter).toString();
		yield* linkPages({
			context,
			send,
			base: dependencies.base,
			path: `orgs/${encodeURIComponent(org)}/personal-access-tokens${query === '' ? '' : `?${query}`}`,
			pageSize: dependencies.pageSize,
			schema: GrantsSchema,
			idKey: 'id',
			idOf: grant => String(grant.id),
			toItems: async (grants, pageSignal) => toTokens(org, grants, pageSignal),
			signal,
		});
	}

	return {
		pages,
		async get(id: string, signal: AbortSignal | undefined): Promise<Token> {
			const wanted = grantId(id, context);
			for await (const page of pages(signal)) {
				const found = page.find(token => token.id === String(wanted));
				if (found !== undefined) {
					return found;
				}
			}

			const org = await dependencies.org(signal);
			throw new NotFoundError({...context, status: 404, method: 'GET', path: `/orgs/${org}/personal-access-tokens`}, `no grant with id ${wanted} is listed (revoked already, or the id of another org's grant?)`);
		},
		/** Revokes the grant's access to the org: 204 (docs/vendors/github.md, rotation [D]). The token itself lives on. */
		async revoke(id: string, signal: AbortSignal | undefined): Promise<void> {
			const org = await dependencies.org(signal);
			// A POST: when its answer is lost, GitHub may have acted on it, and the HTTP client rightly does not send it again.
			await send({method: 'POST', path: `orgs/${encodeURIComponent(org)}/personal-access-tokens/${grantId(id, context)}`, json: {action: 'revoke'}, signal})
				.catch((error: unknown) => {
					throw mayHaveHappened(error, `grant ${id} may have been revoked: list the tokens to check, or revoke it again (a 404 then means it is done)`);
				});
		},
		/**
		Revokes many grants with the bulk endpoint, a hundred at a time: each answer is 202 and GitHub finishes the work
		in the background, so a grant may show in a listing for a little while yet (docs/vendors/github.md, rotation [I]).
		*/
		async revokeMany(ids: readonly string[], signal: AbortSignal | undefined): Promise<void> {
			const grantIds = ids.map(id => grantId(id, context));
			const org = await dependencies.org(signal);
			for (let start = 0; start < grantIds.length; start += bulkRevokeLimit) {
				// 202 with `{}` or no body: nothing in it to read (docs/vendors/github.md, errors [I]).
				await send({method: 'POST', path: `orgs/${encodeURIComponent(org)}/personal-access-tokens`, json: {action: 'revoke', pat_ids: grantIds.slice(start, start + bulkRevokeLimit)}, signal});
			}
		},
	};
}

/** Grant ids are whole numbers; anything else cannot name one, and is refused before a request. */
export function grantId(id: string, context: ErrorContext): number {
	if (!/^[1-9]\d{0,15}$/.test(id.trim())) {
		throw new ConfigError(`"${id.slice(0, 40)}" is not a GitHub grant id (a whole number, as tokenkit inventory shows it)`, context);
	}

	return Number(id.trim());
}

/** A lost or failed answer to a write keeps its error class, and says what may have happened and what to do. */
function mayHaveHappened(error: unknown, advice: string): unknown {
	if (error instanceof NetworkError && !error.notSent) {
		return new NetworkError({provider: error.provider, account: error.account, method: error.method, path: error.path, reason: `${error.reason}; ${advice}`, notSent: false}, {cause: error});
	}

	if (error instanceof ServerError) {
		return new ServerError(error.details, advice, {cause: error});
	}

	return error;
}
