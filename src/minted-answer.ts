import * as v from 'valibot';
import {UnidentifiedMintError, type ErrorContext} from './errors/index.js';
import type {HttpResponse} from './http/client.js';
import type {MintedToken} from './provider.js';
import {Secret} from './secret.js';
import type {Token} from './token.js';
import {parseResponse} from './validate.js';

/** How one vendor's create or rotate answer is read once the key in it is safe. */
export interface MintedAnswerSteps {
	readonly context: ErrorContext;
	/** The vendor's answer to the request that minted the key. */
	readonly response: HttpResponse;
	/** The answer's record, when the vendor wraps it (Mist may send a one-element array). @default the body */
	readonly body?: unknown;
	/** The field that holds the whole key (Mist `key`, LaunchDarkly `token`). */
	readonly keyField: string;
	/** The field that holds the token's id (Mist `id`, LaunchDarkly `_id`). */
	readonly idField: string;
	/**
	The id when the request already names it (a reset of a known token): then the answer's own id is not
	needed. An answer that names a different id is believed: it is the vendor's record of the new key.
	*/
	readonly knownId?: string | undefined;
	/**
	The whole record from the answer, validated against the vendor's schema and mapped, with the key cut out of
	`raw`. May throw (a field the schema requires is missing): then the token is read back by id instead.
	*/
	readonly fromAnswer: (record: unknown) => Token;
	/** Reads the token back by id (a GET). Used when `fromAnswer` fails, or always with `alwaysReadBack`. */
	readonly readBack: (id: string) => Promise<Token>;
	/** Read back even when the answer fits, because the answer may leave out fields a GET shows (Mist privileges). */
	readonly alwaysReadBack?: boolean | undefined;
	/**
	The token as far as it is known without the vendor's record: its id, and what the request asked for. Used
	when the answer does not fit and the read-back fails too; `fromAnswer`'s token, if there was one, is passed.
	@default a record with the id and nothing else known (see {@link unreadToken})
	*/
	readonly fallback?: ((id: string, answered: Token | undefined) => Token) | undefined;
	/** Looks for the id when the answer has none (Mist: the listing, by the key's masked form). */
	readonly findId?: ((secret: Secret) => Promise<string | undefined>) | undefined;
}

/**
Reads the answer to a request that minted a key, so that the key is never lost to anything after it.

Order matters. First only the key is read, with a schema that asks for nothing else: a key that is there
becomes a Secret at once, whatever else the answer lacks. Then the id (from the answer, the request, or
`findId`); without one, the key is handed out in an UnidentifiedMintError that says the token is unknown.
Then the rest of the record: from the answer if it fits the vendor's schema, else read back by id, else
built from what is known. None of those steps can throw, so the caller gets `{token, secret}` and can hand
the key to `onMinted` before anything else happens.

An answer without a key is a ResponseShapeError: there is nothing to keep (a token may have been created
whose key nobody holds; the vendor-specific caller says so).
*/
export async function readMintedAnswer(steps: MintedAnswerSteps): Promise<MintedToken> {
	const {context, response} = steps;
	const record = steps.body ?? response.body;
	const keySchema = v.looseObject({[steps.keyField]: v.pipe(v.string(), v.nonEmpty())});
	const keyed = parseResponse(keySchema, {...response, body: record}, context);
	const key = keyed[steps.keyField];
	if (typeof key !== 'string') {
		// The schema has just required it; this only narrows the type.
		throw new TypeError('unreachable: the key was validated');
	}

	const secret = new Secret(key);
	const answeredId = stringField(record, steps.idField) ?? steps.knownId;
	const id = answeredId ?? await quietly(() => steps.findId?.(secret));
	if (id === undefined) {
		throw new UnidentifiedMintError({
			...context,
			secret,
			explanation: `${response.method} ${response.path} answered without the token's id (\`${steps.idField}\`), and no listed token could be matched to the key, so which token holds it is unknown: store the key, then find the new token in the vendor's console`,
		});
	}

	const answered = await quietly(() => steps.fromAnswer(record));
	if (answered !== undefined && steps.alwaysReadBack !== true) {
		return {token: answered, secret};
	}

	const readBack = await quietly(() => steps.readBack(id));
	if (readBack !== undefined) {
		return {token: readBack, secret};
	}

	const fallback = steps.fallback ?? ((tokenId: string, known: Token | undefined) => known ?? unreadToken(context, tokenId));
	return {token: (await quietly(() => fallback(id, answered))) ?? unreadToken(context, id), secret};
}

/**
A token known by its id only: its vendor record could not be read. Nothing in it claims more than that: no
name, no owner, no privileges, no dates.
*/
export function unreadToken(context: ErrorContext, id: string): Token {
	return {
		provider: context.provider ?? '',
		account: context.account ?? '',
		id,
		name: '',
		description: null,
		kind: 'unknown',
		status: 'active',
		ownCredential: false,
		owner: null,
		createdBy: null,
		createdAt: null,
		lastUsedAt: null,
		expiresAt: null,
		privileges: [],
		admin: false,
		allowedIps: null,
		secretHint: null,
		raw: {},
	};
}

/** A step whose failure must not lose the key: any error becomes undefined, and the next step serves. */
async function quietly<T>(step: () => Promise<T | undefined> | T | undefined): Promise<T | undefined> {
	try {
		return await step();
	} catch {
		return undefined;
	}
}

function stringField(record: unknown, field: string): string | undefined {
	const value: unknown = typeof record === 'object' && record !== null && !Array.isArray(record) ? Reflect.get(record, field) : undefined;
	return typeof value === 'string' && value !== '' ? value : undefined;
}
