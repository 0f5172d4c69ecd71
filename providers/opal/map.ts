import type {Token} from '../../src/token.js';
import {unresolvedPerson, type PersonOf} from './people.js';
import type {OpalToken} from './schema.js';

/**
Turns one validated Opal token into the normalized record. Pure, so it is tested with tables of cases.
- Times are RFC 3339 strings (docs/vendors/opal.md, schemas [S]); absent or null `last_used_at` means never used,
  absent or null `expires_at` means never expires.
- Opal has one privilege per token, its `access_level`; FULL_ACCESS is the admin-equivalent level.
- Opal has no description and no IP allow-list, so those are null (not "unrestricted").
- The owner is `user_id`, the identity the token acts as, and `createdBy` is `creator_user_id` (both required
  in the spec). The token record names them by id only: `personOf` gives each one's email and whether Opal
  still has them, from the users API (people.ts); without it they are known by id, standing unknown.
- Whether `user_id` is a person or a service user is not in the record, so the kind is `unknown`.
- `token_preview`, where sent, is the key's first few characters (`ab123` in Opal's example, docs/vendors/opal.md, schemas
  [I]): shown as a masked hint. A longer one is no preview but most of a key, or all of it: it is left out of
  `raw` and gives no hint.
*/
export function opalTokenToToken(record: OpalToken, account: string, personOf: PersonOf = unresolvedPerson): Token {
	const owner = personOf(record.user_id);
	return {
		provider: 'opal',
		account,
		id: record.token_id,
		name: record.token_label,
		description: null,
		kind: 'unknown',
		status: 'active',
		ownCredential: false,
		owner,
		// The same object when a person made their own token.
		createdBy: record.creator_user_id === record.user_id ? owner : personOf(record.creator_user_id),
		createdAt: new Date(record.created_at),
		lastUsedAt: record.last_used_at == null ? null : new Date(record.last_used_at),
		expiresAt: record.expires_at == null ? null : new Date(record.expires_at),
		privileges: [{role: record.access_level, scope: 'org', resource: null}],
		admin: record.access_level === 'FULL_ACCESS',
		allowedIps: null,
		secretHint: isPreview(record.token_preview) ? `${record.token_preview}…` : null,
		raw: record.token_preview === undefined || isPreview(record.token_preview) ? record : withoutPreview(record),
	};
}

/** The longest `token_preview` taken for a preview: Opal's example shows five characters; a key is dozens. */
export const opalLongestPreview = 8;

function isPreview(preview: string | undefined): preview is string {
	return preview !== undefined && preview !== '' && preview.length <= opalLongestPreview;
}

function withoutPreview(record: OpalToken): OpalToken {
	const copy = {...record};
	delete copy.token_preview;
	return copy;
}
