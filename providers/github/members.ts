import {HttpError, NetworkError, NotFoundError, ResponseShapeError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpRequest, HttpResponse} from '../../src/http/client.js';
import {parseResponse} from '../../src/validate.js';
import {unknownMember, type OrgMember} from './map.js';
import {MembershipSchema} from './schema.js';

/** Org members looked up by login, each once per provider. */
export interface OrgMembers {
	/** Each login's standing in the org, looked up a few at a time; the map holds every login asked for. */
	lookUp(logins: Iterable<string>, org: string, signal: AbortSignal | undefined): Promise<ReadonlyMap<string, OrgMember>>;
}

/** Lookups in flight at once; the provider's limiter paces them with the listing. */
const lookupsAtOnce = 4;

/**
Owners from `GET /orgs/{org}/memberships/{username}` (docs/vendors/github.md, owners [S]), which needs the installation's
Members permission:
- 200: in the org (an invitation still `pending` counts too: the grant stays listed); `role` is `admin` (an org
  owner) or `member`.
- 404: not a member. A grant or authorization of someone who is not in the org is the audit's "owner gone" ([I]:
  GitHub removes most of them when a member leaves; one still listed is exactly what to look at).
- Any other failure (403 without the permission, a 5xx after retries, a rate limit past the wait cap, an answer of
  the wrong shape): unknown, which says nothing about the person. An aborted call stops the listing.
*/
export function createOrgMembers(send: (request: HttpRequest) => Promise<HttpResponse>, context: ErrorContext): OrgMembers {
	const cache = new Map<string, Promise<OrgMember>>();

	async function lookUpOne(login: string, org: string, signal: AbortSignal | undefined): Promise<OrgMember> {
		try {
			const response = await send({method: 'GET', path: `orgs/${encodeURIComponent(org)}/memberships/${encodeURIComponent(login)}`, signal});
			const membership = parseResponse(MembershipSchema, response, context);
			return {status: 'present', role: membership.role};
		} catch (error) {
			if (error instanceof NotFoundError) {
				return {status: 'gone', role: null};
			}

			if (error instanceof HttpError || error instanceof NetworkError || error instanceof ResponseShapeError) {
				if (signal?.aborted === true) {
					throw error;
				}

				return unknownMember;
			}

			throw error;
		}
	}

	return {
		async lookUp(logins, org, signal) {
			const wanted = [...new Set(logins)];
			const missing = wanted.filter(login => !cache.has(login));
			for (let start = 0; start < missing.length; start += lookupsAtOnce) {
				const batch = missing.slice(start, start + lookupsAtOnce).map(login => {
					const lookup = lookUpOne(login, org, signal);
					cache.set(login, lookup);
					return lookup;
				});
				try {
					await Promise.all(batch);
				} catch (error) {
					// An aborted lookup is not an answer: it must be asked again next time.
					for (const login of missing) {
						cache.delete(login);
					}

					throw error;
				}
			}

			const found = new Map<string, OrgMember>();
			for (const login of wanted) {
				found.set(login, await (cache.get(login) ?? Promise.resolve(unknownMember)));
			}

			return found;
		},
	};
}
