import {ConfigError} from '../../src/errors/index.js';
import {mapEach} from '../../src/map-each.js';
import {paginateNone} from '../../src/paginate.js';
import {parseResponse} from '../../src/validate.js';
import type {CallOptions, CreateTokenInput, MintedToken} from '../../src/provider.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import {rotateByReplace} from '../../src/rotation/replace.js';
import {readMintedAnswer} from '../../src/minted-answer.js';
import {mistRotation} from './rotation.js';
import type {Token} from '../../src/token.js';
import type {MistApi} from './api.js';
import {maskedKey, mistOrgTokenFromRequest, mistOrgTokenToToken} from './map.js';
import {collectMistPages} from './page-headers.js';
import {checkAllowedIps, copyPrivilege, rejectDescription, toMistPrivileges, type MistPrivilegeInput} from './request-body.js';
import {
	MistCreatedOrgApiTokenSchema,
	MistOrgApiTokenListSchema,
	MistOrgApiTokenSchema,
	MistOrgApiTokenWithPrivilegesSchema,
	type MistOrgApiToken,
	type MistOrgApiTokenWithPrivileges,
	type MistPrivilege,
} from './schema.js';
import type {MistOwnCredential} from './own-credential.js';
import type {MistOperations, MistUpdateTokenInput} from './types.js';

/** What a create request sends for an org token. */
interface OrgTokenBody {
	readonly name: string;
	readonly privileges: readonly MistPrivilegeInput[];
	readonly src_ips?: readonly string[];
}

/** The org tokens of one org: `/api/v1/orgs/{org_id}/apitokens` (docs/vendors/mist.md, endpoints [S]). */
export function orgTokenOperations(api: MistApi, orgId: string, own: MistOwnCredential): MistOperations {
	const {context, account} = api;
	const base = `api/v1/orgs/${encodeURIComponent(orgId)}/apitokens`;
	const tokenPath = (id: string): string => `${base}/${encodeURIComponent(id)}`;
	const toToken = (record: MistOrgApiToken): Token => scrubToken(mistOrgTokenToToken(record, account), api.redactor);

	async function readRecord(id: string, signal: AbortSignal | undefined): Promise<MistOrgApiToken> {
		return (await api.fetch(MistOrgApiTokenSchema, {method: 'GET', path: tokenPath(id), signal})).data;
	}

	async function readAll(signal: AbortSignal | undefined): Promise<MistOrgApiToken[]> {
		const first = await api.fetch(MistOrgApiTokenListSchema, {method: 'GET', path: base, signal});
		return collectMistPages({
			context,
			first: {items: first.data, headers: first.response.headers},
			idOf: record => record.id,
			async fetchPage(page, limit) {
				const next = await api.fetch(MistOrgApiTokenListSchema, {method: 'GET', path: base, query: {page, limit}, signal});
				return {items: next.data, headers: next.response.headers};
			},
		});
	}

	/**
	Creates a token and returns it with its key. Only `name` is certain to be in Mist's answer (the spec
	requires nothing else), and the key in it is the only copy, so the answer is read key first
	(readMintedAnswer): the key is kept whatever else is missing. The token is then read back with a GET, since
	the answer may lack `privileges` (docs/vendors/mist.md, schemas [S]); if that read fails, the answer (or, failing
	that, what was sent) serves. An answer without `id` is matched to a listed token by the key's masked form
	and the name ([I]: lists show the key as its first and last four characters).
	*/
	/** `retry: false` for a rotation's twin: the strategy is not retry-safe, so its mint is sent once. */
	async function mint(body: OrgTokenBody, signal: AbortSignal | undefined, retry = true): Promise<MintedToken> {
		const response = await api.send({method: 'POST', path: base, json: body, signal, mints: 'key', retry});
		const sentPrivileges = body.privileges.map(privilege => asRecorded(privilege, orgId));
		const minted = await readMintedAnswer({
			context,
			response,
			keyField: 'key',
			idField: 'id',
			alwaysReadBack: true,
			fromAnswer(record) {
				const created = parseResponse(MistCreatedOrgApiTokenSchema, {...response, body: record}, context);
				const raw: MistOrgApiToken = {...created};
				// The whole key goes into the Secret only; `raw` must never hold it.
				delete raw.key;
				return {...mistOrgTokenToToken({...raw, privileges: created.privileges ?? sentPrivileges}, account), raw};
			},
			readBack: async id => mistOrgTokenToToken(await readRecord(id, signal), account),
			fallback: (id, answered) => answered ?? mistOrgTokenFromRequest(id, orgId, body, sentPrivileges, account),
			async findId(secret) {
				const masked = maskedKey(secret.reveal());
				const matches = (await readAll(signal)).filter(record => record.key === masked && record.name === body.name);
				return matches.length === 1 ? matches[0]?.id : undefined;
			},
		});
		// Scrubbed like every token handed out: the vendor may echo a known secret in any field.
		return {...minted, token: scrubToken(minted.token, api.redactor)};
	}

	async function update(id: string, change: MistUpdateTokenInput, options: CallOptions = {}): Promise<Token> {
		rejectDescription(change.description, context);
		if (change.name?.trim() === '') {
			throw new ConfigError('name must not be empty', context);
		}

		const privileges = change.privileges === undefined ? undefined : toMistPrivileges(change.privileges, orgId, context);
		const wantedIps = change.allowedIps === undefined ? undefined : checkAllowedIps(change.allowedIps, context);
		const needsCurrent = change.name === undefined || privileges === undefined || wantedIps !== undefined;
		const current = needsCurrent ? await readRecord(id, options.signal) : undefined;
		if (wantedIps !== undefined && !sameEntries(wantedIps, current?.src_ips ?? [])) {
			throw new ConfigError(
				'Mist fixes an org token\'s IP allow-list (src_ips) when the token is created. To change it, replace the token: '
					+ 'create one with the same name and privileges and the new allowedIps, switch to its key, then delete this one (a rotation by replacement)',
				context,
			);
		}

		// The PUT sends name and privileges together, as the spec's example does (docs/vendors/mist.md, endpoints [I]).
		const sentPrivileges = privileges ?? current?.privileges?.map(privilege => copyPrivilege(privilege));
		const body = {name: change.name ?? current?.name, ...(sentPrivileges === undefined ? {} : {privileges: sentPrivileges})};
		await api.send({method: 'PUT', path: tokenPath(id), json: body, signal: options.signal});
		// The org-token PUT answers without a body (docs/vendors/mist.md, gotchas [S]): read the result back.
		return toToken(await readRecord(id, options.signal));
	}

	const listAll = async (signal: AbortSignal | undefined): Promise<Token[]> => own.markListed([...mapEach(await readAll(signal), toToken)]);
	return {
		list(listOptions = {}) {
			// One request, one bare array (docs/vendors/mist.md, pagination [S]); `pageSize` has nothing to set.
			return paginateNone(async () => listAll(listOptions.signal));
		},

		async get(id, options = {}) {
			return own.markOne(toToken(await readRecord(id, options.signal)), async function * () {
				yield * await listAll(options.signal);
			}, options.signal);
		},

		async create(input: CreateTokenInput, options: CallOptions = {}) {
			rejectDescription(input.description, context);
			if (input.kind === 'personal') {
				throw new ConfigError('an org token belongs to the org, not to a person; for a personal token use a provider with scope \'self\'', context);
			}

			if (input.name.trim() === '') {
				throw new ConfigError('name is required for a Mist org token', context);
			}

			if (input.privileges === undefined) {
				throw new ConfigError('privileges are required for a Mist org token, e.g. [{role: \'read\', scope: \'org\', resource: null}]', context);
			}

			const privileges = toMistPrivileges(input.privileges, orgId, context);
			const srcIps = checkAllowedIps(input.allowedIps ?? [], context);
			// Left out when empty: an absent `src_ips` is how Mist shows an unrestricted token.
			return mint({name: input.name, privileges, ...(srcIps.length > 0 ? {src_ips: srcIps} : {})}, options.signal);
		},

		update,

		async delete(id, options = {}) {
			await api.send({method: 'DELETE', path: tokenPath(id), signal: options.signal});
		},

		async rotate(id, rotateOptions = {}) {
			// The wire record of what is being rotated: privileges with their `views` and the exact `src_ips`,
			// which the normalized Token cannot carry in full.
			const originals = new Map<string, MistOrgApiTokenWithPrivileges>();
			return rotateByReplace(id, rotateOptions, {
				async read(tokenId, call) {
					// Fresh, and with privileges required: they are what the twin must get (docs/vendors/mist.md, rotation [S]).
					const {data: record} = await api.fetch(MistOrgApiTokenWithPrivilegesSchema, {method: 'GET', path: tokenPath(tokenId), signal: call.signal});
					originals.set(record.id, record);
					return toToken(record);
				},
				async createTwin(original, call) {
					const record = originals.get(original.id);
					if (record === undefined) {
						throw new Error(`rotation of ${original.id} has no record read fresh for it`);
					}

					return mint({
						name: record.name,
						privileges: record.privileges.map(privilege => copyPrivilege(privilege)),
						...(record.src_ips === undefined || record.src_ips.length === 0 ? {} : {src_ips: [...record.src_ips]}),
					}, call.signal, mistRotation.retrySafe);
				},
				async revoke(tokenId, call) {
					await api.send({method: 'DELETE', path: tokenPath(tokenId), signal: call.signal});
				},
				now: Date.now,
				context,
				name: mistRotation.name,
			});
		},
	};
}

/** A privilege as Mist records it once accepted: an org-scope one carries the org's id. */
function asRecorded(privilege: MistPrivilegeInput, orgId: string): MistPrivilege {
	return {
		role: privilege.role,
		scope: privilege.scope,
		...(privilege.scope === 'org' ? {org_id: orgId} : {}),
		...(privilege.site_id === undefined ? {} : {site_id: privilege.site_id}),
		...(privilege.sitegroup_id === undefined ? {} : {sitegroup_id: privilege.sitegroup_id}),
		...(privilege.views === undefined ? {} : {views: [...privilege.views]}),
	};
}

function sameEntries(left: readonly string[], right: readonly string[]): boolean {
	const sortedRight = [...right].sort();
	return left.length === right.length && [...left].sort().every((entry, index) => entry === sortedRight[index]);
}
