import type {ErrorContext} from '../../src/errors/index.js';
import type {HttpClient} from '../../src/http/client.js';
import type {Redactor} from '../../src/redaction/redactor.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import type {Token} from '../../src/token.js';
import {parseResponse} from '../../src/validate.js';
import type {GitLabIdentity} from './identity.js';
import {personalTokenToToken, resourceTokenToToken, type MapContext, type PersonalTokenOwner} from './map.js';
import type {CheckedGitLabOptions} from './options.js';
import type {GitLabPeople} from './people.js';
import {personFromUser} from './people.js';
import {PersonalAccessTokenSchema, ResourceAccessTokenSchema, type PersonalAccessToken, type ResourceAccessToken} from './schema.js';
import {tokenPath, type TokenLocation} from './token-id.js';

/** What the parts of the GitLab provider share: one HTTP client, the identity, owner lookups and the options. */
export interface GitLabApi {
	readonly client: HttpClient;
	readonly context: ErrorContext;
	readonly account: string;
	readonly options: CheckedGitLabOptions;
	readonly redactor: Redactor;
	readonly people: GitLabPeople;
	readonly now: () => number;
	identity(signal: AbortSignal | undefined): Promise<GitLabIdentity>;
}

/** A token record as read by id, with where it lives. */
export type ReadRecord =
	| {readonly kind: 'personal'; readonly record: PersonalAccessToken}
	| {readonly kind: 'group' | 'project'; readonly record: ResourceAccessToken; readonly resourceId: number};

export function mapContextOf(api: GitLabApi, identity: GitLabIdentity): MapContext {
	return {account: api.account, selfId: identity.selfTokenId, now: api.now()};
}

/** The owner of a personal token: the credential's own user from the identity, anyone else looked up. */
export async function ownerOf(api: GitLabApi, identity: GitLabIdentity, userId: number, signal: AbortSignal | undefined): Promise<PersonalTokenOwner> {
	if (userId === identity.user.id) {
		return personFromUser({...identity.user, is_admin: identity.isAdmin});
	}

	return (await api.people.lookUp([userId], signal))(userId);
}

/** Reads one token by where it lives (`GET …/personal_access_tokens/:id` or `…/access_tokens/:id`). */
export async function readRecord(api: GitLabApi, location: TokenLocation, signal: AbortSignal | undefined): Promise<ReadRecord> {
	const response = await api.client.send({method: 'GET', path: `api/v4/${tokenPath(location)}`, signal});
	if (location.kind === 'personal') {
		return {kind: 'personal', record: parseResponse(PersonalAccessTokenSchema, response, api.context)};
	}

	return {kind: location.kind, record: parseResponse(ResourceAccessTokenSchema, response, api.context), resourceId: location.resourceId};
}

/** A record mapped to a Token, scrubbed of every secret the run knows (a vendor may echo one in any field). */
export async function tokenOf(api: GitLabApi, read: ReadRecord, signal: AbortSignal | undefined): Promise<Token> {
	const identity = await api.identity(signal);
	const context = mapContextOf(api, identity);
	const token = read.kind === 'personal'
		? personalTokenToToken(read.record, await ownerOf(api, identity, read.record.user_id, signal), context)
		: resourceTokenToToken(read.record, {kind: read.kind, id: read.resourceId}, context);
	return scrubToken(token, api.redactor);
}
