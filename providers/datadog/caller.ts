import {HttpError} from '../../src/errors/index.js';
import type {DatadogApi} from './api.js';
import {DatadogApplicationKeySchema, listSchema, singleSchema} from './schema.js';

/** A key's answer may hold the key itself (docs/vendors/datadog.md, gotchas [D]): registered with the redactor at once. */
export const keyField = 'data.attributes.key';

const OneKeyPageSchema = listSchema(DatadogApplicationKeySchema);
const OneKeySchema = singleSchema(DatadogApplicationKeySchema);

/**
Who the application key acts as: the user id of its owner, or null when Datadog would not say. Datadog has no "who am
I" among the key endpoints, but every key of `GET /api/v2/current_user/application_keys` is the caller's, and one of
them read alone names its owner (`owned_by`, present in that answer [D cassette]). Two requests, once per provider.

A refusal (4xx: the owner lacks `user_app_keys`) is kept as null: then no application key or personal access token
counts as the caller's, so none is rotated (Datadog would mint the twin for the wrong user). Any other failure is
null for this call and asked again next time. An aborted call rejects.

The single key's answer carries the whole key unless the org is in One-Time-Read mode [S][D]: it is registered with
the redactor as it is read, and nothing of it is kept.
*/
export function createCallerLookup(api: DatadogApi): (signal: AbortSignal | undefined) => Promise<string | null> {
	let known: Promise<string | null> | undefined;
	const ask = async (signal: AbortSignal | undefined): Promise<string | null> => {
		const {data: page} = await api.fetch(OneKeyPageSchema, {method: 'GET', path: 'api/v2/current_user/application_keys', query: {'page[size]': 1, 'page[number]': 0}, signal});
		const [first] = page.data;
		if (first === undefined) {
			return null;
		}

		const {data} = await api.fetch(OneKeySchema, {method: 'GET', path: `api/v2/current_user/application_keys/${encodeURIComponent(first.id)}`, signal, mints: keyField});
		return data.data.relationships?.owned_by?.data?.id ?? null;
	};

	return async signal => {
		known ??= ask(signal).catch((error: unknown) => {
			if (signal?.aborted === true) {
				known = undefined;
				throw error;
			}

			const refused = error instanceof HttpError && error.status >= 400 && error.status < 500 && error.status !== 429;
			if (!refused) {
				known = undefined;
			}

			return null;
		});
		return known;
	};
}
