import {ConfigError, NotFoundError, type ErrorContext} from '../../src/errors/index.js';
import type {Token} from '../../src/token.js';
import type {ScopeDependencies} from './grants.js';
import {linkPages} from './link-pages.js';
import {credentialAuthorizationToToken, unknownMember} from './map.js';
import {CredentialAuthorizationsSchema, type CredentialAuthorization} from './schema.js';

/**
SAML SSO credential authorizations (docs/vendors/github.md, SSO authorizations [S]): classic PATs, SSH keys, OAuth and
GitHub App user tokens authorized for the org's single sign-on. Listed by page (the `Link` header where GitHub sends
one, else page numbers until a short page); each owner's membership looked up once; `get` reads the list; delete
ends the credential's SSO access to the org (204).
*/
export function ssoOperations(dependencies: ScopeDependencies) {
	const {context, send} = dependencies;

	async function toTokens(org: string, authorizations: readonly CredentialAuthorization[], signal: AbortSignal): Promise<Token[]> {
		const members = dependencies.members === undefined ? undefined : await dependencies.members.lookUp(authorizations.map(authorization => authorization.login), org, signal);
		return authorizations.map(authorization => dependencies.scrub(credentialAuthorizationToToken(authorization, dependencies.account, members?.get(authorization.login) ?? unknownMember)));
	}

	async function* pages(signal: AbortSignal | undefined): AsyncGenerator<readonly Token[], void, undefined> {
		const org = await dependencies.org(signal);
		yield* linkPages({
			context,
			send,
			base: dependencies.base,
			path: `orgs/${encodeURIComponent(org)}/credential-authorizations`,
			pageSize: dependencies.pageSize,
			schema: CredentialAuthorizationsSchema,
			idKey: 'credential_id',
			idOf: authorization => String(authorization.credential_id),
			toItems: async (authorizations, pageSignal) => toTokens(org, authorizations, pageSignal),
			signal,
			pageNumbersWithoutLink: true,
		});
	}

	return {
		pages,
		async get(id: string, signal: AbortSignal | undefined): Promise<Token> {
			const wanted = String(credentialId(id, context));
			for await (const page of pages(signal)) {
				const found = page.find(token => token.id === wanted);
				if (found !== undefined) {
					return found;
				}
			}

			const org = await dependencies.org(signal);
			throw new NotFoundError({...context, status: 404, method: 'GET', path: `/orgs/${org}/credential-authorizations`}, `no credential authorization with id ${wanted} is listed (removed already?)`);
		},
		async revoke(id: string, signal: AbortSignal | undefined): Promise<void> {
			const org = await dependencies.org(signal);
			await send({method: 'DELETE', path: `orgs/${encodeURIComponent(org)}/credential-authorizations/${credentialId(id, context)}`, signal});
		},
	};
}

function credentialId(id: string, context: ErrorContext): number {
	if (!/^[1-9]\d{0,15}$/.test(id.trim())) {
		throw new ConfigError(`"${id.slice(0, 40)}" is not a GitHub credential authorization id (a whole number, as tokenkit inventory shows it)`, context);
	}

	return Number(id.trim());
}
