import type {Owner, Privilege, Token} from '../token.js';
import type {Redactor} from './redactor.js';

/**
The longest hint a record may show: a vendor's mask is a few characters and an ellipsis (`…QQCL`, `ab123…`). A
longer one is no mask but most of a key, or all of it, so it is dropped rather than shown.
*/
export const longestHint = 9;

/**
The token with every registered secret scrubbed from what the vendor sent (names, owners and creators, privileges, allow-list,
hint and the whole of `raw`, unknown fields included). A vendor that echoes the credential or a freshly minted key
inside a record gets it printed nowhere. The same token, not a copy, when nothing was found: this runs on every
token of every listing.
*/
export function scrubToken(token: Token, redactor: Redactor): Token {
	const {scrub} = redactor;
	const id = scrub(token.id);
	const name = scrub(token.name);
	const description = token.description === null ? null : scrub(token.description);
	const owner = token.owner === null ? null : scrubOwner(token.owner, scrub);
	const createdBy = token.createdBy === null ? null : scrubOwner(token.createdBy, scrub);
	const privileges = scrubEach(token.privileges, privilege => scrubPrivilege(privilege, scrub));
	const allowedIps = token.allowedIps === null ? null : scrubEach(token.allowedIps, scrub);
	const secretHint = token.secretHint === null || token.secretHint.length > longestHint ? null : scrub(token.secretHint);
	const raw = redactor.scrubJson(token.raw);
	if (id === token.id && name === token.name && description === token.description && owner === token.owner && createdBy === token.createdBy && privileges === token.privileges
		&& allowedIps === token.allowedIps && secretHint === token.secretHint && raw === token.raw) {
		return token;
	}

	return {...token, id, name, description, owner, createdBy, privileges, allowedIps, secretHint, raw};
}

function scrubOwner(owner: Owner, scrub: (text: string) => string): Owner {
	const id = owner.id === null ? null : scrub(owner.id);
	const email = owner.email === null ? null : scrub(owner.email);
	return id === owner.id && email === owner.email ? owner : {...owner, id, email};
}

function scrubPrivilege(privilege: Privilege, scrub: (text: string) => string): Privilege {
	const role = scrub(privilege.role);
	const scope = scrub(privilege.scope);
	const resource = privilege.resource === null ? null : scrub(privilege.resource);
	return role === privilege.role && scope === privilege.scope && resource === privilege.resource ? privilege : {role, scope, resource};
}

/** The list itself when no item changed. */
function scrubEach<T>(items: readonly T[], scrub: (item: T) => T): readonly T[] {
	let copy: T[] | undefined;
	let position = 0;
	for (const item of items) {
		const scrubbed = scrub(item);
		if (scrubbed !== item) {
			copy ??= [...items];
			copy[position] = scrubbed;
		}

		position++;
	}

	return copy ?? items;
}
