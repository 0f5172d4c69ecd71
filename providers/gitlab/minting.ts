import {ConfigError, NetworkError, RotationIncompleteError, ServerError, UnsupportedOperationError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpResponse} from '../../src/http/client.js';
import {readMintedAnswer} from '../../src/minted-answer.js';
import type {CreateTokenInput, MintedToken, RotateOptions, RotateResult} from '../../src/provider.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import type {Token} from '../../src/token.js';
import {parseResponse} from '../../src/validate.js';
import {mapContextOf, ownerOf, readRecord, type GitLabApi} from './api.js';
import {creationExpiry, rotationExpiry} from './lifetime.js';
import {gitLabAccessLevels, personalTokenToToken, resourceTokenToToken, type PersonalTokenOwner} from './map.js';
import {gitLabRotation} from './rotation.js';
import {PersonalAccessTokenListSchema, PersonalAccessTokenSchema, ResourceAccessTokenListSchema, ResourceAccessTokenSchema, type CreateBody} from './schema.js';
import {parseTokenId, resourcePath, tokenIdOf, tokenPath, type ResourceKind, type TokenLocation} from './token-id.js';

/**
Rotations and creations of one provider. After it rotates the very token it authenticates with, the provider
refuses every further rotation: its old key is revoked, and GitLab treats a revoked key used on a rotate path as
stolen and revokes the whole token family, the new credential included (docs/vendors/gitlab.md, rotation [D]).
*/
export function createMinting(api: GitLabApi): {
	rotate(id: string, options: RotateOptions): Promise<RotateResult>;
	create(input: CreateTokenInput, signal: AbortSignal | undefined): Promise<MintedToken>;
} {
	const {context} = api;
	let credentialRotated = false;

	async function rotate(id: string, options: RotateOptions): Promise<RotateResult> {
		const gracePeriod = options.gracePeriod ?? 0;
		if (gracePeriod !== 0) {
			throw new ConfigError('a grace period cannot be given: GitLab\'s rotate revokes the old key at once and has no grace period. Rotate without one, with the new key\'s consumers ready to switch', context);
		}

		if (credentialRotated) {
			throw new ConfigError('this provider has rotated the token it authenticates with, so its key is revoked; sending a rotate with it would make GitLab revoke the whole token family, the new key included. Make a new provider with the new key', context);
		}

		const location = parseTokenId(id, context);
		const {signal} = options;
		const identity = await api.identity(signal);
		const current = await readRecord(api, location, signal);
		const owner = current.kind === 'personal' ? await ownerOf(api, identity, current.record.user_id, signal) : undefined;
		const own = identity.selfTokenId === location.tokenId;
		const body = {expires_at: rotationExpiry(current.record, api.now(), api.options.maxLifetimeDays)};
		const fate = `GitLab may have rotated token ${id} (its old key then no longer works, and the new key is lost with the answer); never send a rotate with the old key, which would make GitLab revoke the whole token family`;
		// Sent once, whatever happens: `retry: false` (the strategy is not retry-safe).
		const response = await api.client.send({method: 'POST', path: `api/v4/${tokenPath(location)}/rotate`, json: body, signal, mints: 'token', retry: gitLabRotation.retrySafe})
			.catch((error: unknown) => {
				if (own && mayHaveActed(error)) {
					credentialRotated = true;
				}

				throw mayHaveHappened(error, fate);
			});
		if (own) {
			credentialRotated = true;
		}

		const minted = await readMinted(response, {name: current.record.name, tokenId: location.tokenId}, owner, homeOf(location), signal);
		if (options.onMinted !== undefined) {
			try {
				await options.onMinted(minted);
			} catch (error) {
				throw new RotationIncompleteError({...context, previousId: id, minted, explanation: 'the token was rotated and GitLab revoked the old key at once, but storing the new key failed. Store the key from error.minted.secret, or rotate the new token'}, {cause: error});
			}
		}

		return {...minted, style: gitLabRotation.name, previousId: id, previous: {state: 'revoked'}};
	}

	/**
	A rotate or create answer, read key first (readMintedAnswer): the record from the answer, else the new token read
	back by the id the answer gave, else the old token's newest namesake (found by name and a higher id, as
	docs/vendors/gitlab.md, rotation [I] suggests), else the key alone in an UnidentifiedMintError.
	*/
	async function readMinted(response: HttpResponse, previous: {readonly name: string; readonly tokenId: number} | undefined, owner: PersonalTokenOwner | undefined, home: TokenHome, signal: AbortSignal | undefined): Promise<MintedToken> {
		const answeredId = numericId(response.body);
		const newLocation = (tokenId: number): TokenLocation => home.kind === 'personal' ? {kind: 'personal', tokenId} : {...home, tokenId};
		const identity = await api.identity(signal);
		const mapContext = mapContextOf(api, identity);
		const minted = await readMintedAnswer({
			context,
			response,
			keyField: 'token',
			idField: 'id',
			knownId: answeredId === undefined ? undefined : tokenIdOf(newLocation(answeredId)),
			fromAnswer(record): Token {
				const withoutKey = withoutToken(record);
				if (home.kind === 'personal') {
					const parsed = parseResponse(PersonalAccessTokenSchema, {...response, body: withoutKey}, context);
					return personalTokenToToken(parsed, owner ?? unknownOwner(parsed.user_id), mapContext);
				}

				const parsed = parseResponse(ResourceAccessTokenSchema, {...response, body: withoutKey}, context);
				return resourceTokenToToken(parsed, {kind: home.kind, id: home.resourceId}, mapContext);
			},
			async readBack(tokenId) {
				const read = await readRecord(api, parseTokenId(tokenId, context), signal);
				return read.kind === 'personal'
					? personalTokenToToken(read.record, owner ?? unknownOwner(read.record.user_id), mapContext)
					: resourceTokenToToken(read.record, {kind: read.kind, id: read.resourceId}, mapContext);
			},
			findId: previous === undefined ? undefined : async () => {
				// Only a rotation knows the old token: its successor has the same name and the next higher id in the family.
				const successor = await findSuccessor(api, home, previous, signal);
				return successor === undefined ? undefined : tokenIdOf(newLocation(successor));
			},
		});
		return {...minted, token: scrubToken(minted.token, api.redactor)};
	}

	async function create(input: CreateTokenInput, signal: AbortSignal | undefined): Promise<MintedToken> {
		const target = createTarget(input, context);
		const identity = await api.identity(signal);
		if (target.kind === 'personal' && !identity.isAdmin) {
			throw new UnsupportedOperationError({
				...context,
				operation: 'create',
				alternative: 'GitLab lets only an administrator create a personal access token for a user through its API (docs: user tokens); the user makes it in their own settings, or create a group or project access token instead',
			});
		}

		const body: CreateBody = {
			name: input.name,
			scopes: target.scopes,
			...(input.description === undefined ? {} : {description: input.description}),
			// Always sent: tokenkit never makes a token without an expiry.
			expires_at: creationExpiry(api.now(), api.options.maxLifetimeDays),
			...(target.kind === 'personal' ? {} : {access_level: target.accessLevel}),
		};
		const path = target.kind === 'personal' ? `api/v4/users/${target.userId}/personal_access_tokens` : `api/v4/${resourcePath(target.kind, target.resourceId)}/access_tokens`;
		const response = await api.client.send({method: 'POST', path, json: body, signal, mints: 'token'})
			.catch((error: unknown) => {
				throw mayHaveHappened(error, `a token named "${input.name}" may have been created without its key reaching tokenkit; list the tokens and revoke it if so`);
			});
		const home: TokenHome = target.kind === 'personal' ? {kind: 'personal'} : {kind: target.kind, resourceId: target.resourceId};
		const owner = target.kind === 'personal' ? await ownerOf(api, identity, target.userId, signal) : undefined;
		return readMinted(response, undefined, owner, home, signal);
	}

	return {rotate, create};
}

/** Where a token lives, without its id: its successor lives there too. */
type TokenHome = {readonly kind: 'personal'} | {readonly kind: ResourceKind; readonly resourceId: number};

function homeOf(location: TokenLocation): TokenHome {
	return location.kind === 'personal' ? {kind: 'personal'} : {kind: location.kind, resourceId: location.resourceId};
}

/** The one active token with the old one's name and a higher id, where it lived: a rotation's successor. */
async function findSuccessor(api: GitLabApi, home: TokenHome, previous: {readonly name: string; readonly tokenId: number}, signal: AbortSignal | undefined): Promise<number | undefined> {
	const path = home.kind === 'personal' ? 'api/v4/personal_access_tokens' : `api/v4/${resourcePath(home.kind, home.resourceId)}/access_tokens`;
	const response = await api.client.send({method: 'GET', path, query: {search: previous.name, state: 'active', sort: 'created_desc', per_page: 20}, signal});
	const records: ReadonlyArray<{readonly id: number; readonly name: string}> = home.kind === 'personal'
		? parseResponse(PersonalAccessTokenListSchema, response, api.context)
		: parseResponse(ResourceAccessTokenListSchema, response, api.context);
	const newer = records.filter(record => record.name === previous.name && record.id > previous.tokenId);
	return newer.length === 1 ? newer[0]?.id : undefined;
}




type CreateTarget =
	| {readonly kind: 'personal'; readonly userId: number; readonly scopes: string[]}
	| {readonly kind: ResourceKind; readonly resourceId: number; readonly scopes: string[]; readonly accessLevel: number};

const levelsByName = new Map(Object.entries(gitLabAccessLevels).map(([level, name]) => [name.toLowerCase(), Number(level)]));

/**
What a create asks for, in the privileges' words (as the mapping writes them): scopes over one user
(`{role: 'read_api', scope: 'user', resource: '3'}`, a personal token for user 3) or over one group or project
(`{role: 'api', scope: 'group', resource: '45'}`), with at most one access level among a group's or project's
(`{role: 'Developer', scope: 'group', resource: '45'}`; GitLab's default is Maintainer). Anything GitLab cannot make
is a ConfigError: an allow-list, two targets, no scope, a `service` personal token.
*/
function createTarget(input: CreateTokenInput, context: ErrorContext): CreateTarget {
	if (input.allowedIps !== undefined && input.allowedIps.length > 0) {
		throw new ConfigError('GitLab tokens have no IP allow-list; leave allowedIps out', context);
	}

	const privileges = input.privileges ?? [];
	const targets = new Set(privileges.map(privilege => `${privilege.scope}/${privilege.resource ?? ''}`));
	const [first] = privileges;
	if (first === undefined || targets.size !== 1 || !['user', 'group', 'project'].includes(first.scope) || first.resource === null || !/^[1-9]\d*$/.test(first.resource)) {
		throw new ConfigError('a GitLab token is made for one user, group or project: give privileges with the same scope (user, group or project) and numeric resource, e.g. [{role: \'read_api\', scope: \'group\', resource: \'45\'}]', context);
	}

	const resourceId = Number(first.resource);
	const levels = privileges.filter(privilege => levelsByName.has(privilege.role.toLowerCase()));
	const scopes = privileges.filter(privilege => !levelsByName.has(privilege.role.toLowerCase())).map(privilege => privilege.role);
	if (scopes.length === 0) {
		throw new ConfigError('a GitLab token needs at least one scope among its privileges (api, read_api, read_repository, …)', context);
	}

	if (first.scope === 'user') {
		if (levels.length > 0 || input.kind === 'service') {
			throw new ConfigError('a personal access token acts as its user, with no access level of its own; for a non-human token create a group or project access token', context);
		}

		return {kind: 'personal', userId: resourceId, scopes};
	}

	if (levels.length > 1 || input.kind === 'personal') {
		throw new ConfigError('a group or project access token has one access level and acts as its own bot user; give at most one level (Guest … Owner) and leave kind out', context);
	}

	const kind: ResourceKind = first.scope === 'group' ? 'group' : 'project';
	return {kind, resourceId, scopes, accessLevel: levelsByName.get(levels[0]?.role.toLowerCase() ?? '') ?? 40};
}

function numericId(body: unknown): number | undefined {
	const id: unknown = typeof body === 'object' && body !== null && !Array.isArray(body) ? Reflect.get(body, 'id') : undefined;
	return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** The answer without its `token`: the whole key goes into the Secret only, never into `raw`. */
function withoutToken(record: unknown): unknown {
	if (typeof record !== 'object' || record === null || Array.isArray(record)) {
		return record;
	}

	const copy: Record<string, unknown> = {...record};
	delete copy['token'];
	return copy;
}

function unknownOwner(userId: number): PersonalTokenOwner {
	return {owner: {id: String(userId), email: null, status: 'unknown'}, isAdmin: null, bot: false};
}

/** Whether a failed write may still have been applied: a lost answer or a 5xx, not a refusal. */
function mayHaveActed(error: unknown): boolean {
	return (error instanceof NetworkError && !error.notSent) || error instanceof ServerError;
}

/**
A rotate or create is a POST: when its answer is lost (a cut connection, a timeout, a 5xx) GitLab may have acted on
it, and it is not sent again. The error keeps its class and says what may have happened and what to do.
*/
function mayHaveHappened(error: unknown, advice: string): unknown {
	if (error instanceof NetworkError && !error.notSent) {
		return new NetworkError({provider: error.provider, account: error.account, method: error.method, path: error.path, reason: `${error.reason}; ${advice}`, notSent: false}, {cause: error});
	}

	if (error instanceof ServerError) {
		return new ServerError(error, advice, {cause: error});
	}

	return error;
}
