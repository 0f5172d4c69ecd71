import {AuthenticationError, BadRequestError, NotFoundError, PermissionDeniedError} from '../../src/errors/index.js';
import type {HttpClient} from '../../src/http/client.js';
import {parseResponse} from '../../src/validate.js';
import {GitLabUserSchema, PersonalAccessTokenSchema, type GitLabUser} from './schema.js';

/** Who the credential is, read once per provider instance. */
export interface GitLabIdentity {
	readonly user: GitLabUser;
	/** An instance administrator: GitLab shows `is_admin` only to one (docs/vendors/gitlab.md, auth [D]). */
	readonly isAdmin: boolean;
	/**
	The GitLab id of the credential itself (`GET /personal_access_tokens/self`), so the token it is can be marked
	`ownCredential`; null when GitLab would not say (an OAuth token gets a 400, an older server a 404).
	*/
	readonly selfTokenId: number | null;
}

/**
`GET /user` and `GET /personal_access_tokens/self`, side by side, the first time they are needed; a failure is not
kept, so the next call asks again. `self` accepts any scope (docs/vendors/gitlab.md, auth [D]); its refusals only
leave the credential unmarked, while a failed `/user` fails the call that needed it.
*/
export function createIdentity(client: HttpClient): (signal: AbortSignal | undefined) => Promise<GitLabIdentity> {
	let known: Promise<GitLabIdentity> | undefined;
	return async signal => {
		known ??= read(client, signal);
		try {
			return await known;
		} catch (error) {
			known = undefined;
			throw error;
		}
	};
}

async function read(client: HttpClient, signal: AbortSignal | undefined): Promise<GitLabIdentity> {
	const [user, selfTokenId] = await Promise.all([
		client.send({method: 'GET', path: 'api/v4/user', signal}).then(response => parseResponse(GitLabUserSchema, response, client.context)),
		client.send({method: 'GET', path: 'api/v4/personal_access_tokens/self', signal})
			.then(response => parseResponse(PersonalAccessTokenSchema, response, client.context).id)
			.catch((error: unknown) => {
				if (error instanceof BadRequestError || error instanceof NotFoundError || error instanceof PermissionDeniedError || error instanceof AuthenticationError) {
					return null;
				}

				throw error;
			}),
	]);
	return {user, isAdmin: user.is_admin === true, selfTokenId};
}
