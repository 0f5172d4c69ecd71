import type {Token} from './token.js';

/*
Where a vendor has no endpoint that names the caller's token, the masked hint it shows of every key (Mist's
`abcd...wxyz`, Opal's `token_preview`) can still point at the credential among an account's tokens: the hint of
the key tokenkit holds is known. A hint is short, though, so two tokens may show the same one. Then no token is
marked: picking one would refuse a stranger's token, and leave the credential itself unmarked, as often as not.
*/

/** The one item that matches the credential's hint, or null when none or several do. */
export function soleHintMatch<T>(items: Iterable<T>, matchesHint: (item: T) => boolean): T | null {
	let found: T | null = null;
	for (const item of items) {
		if (matchesHint(item)) {
			if (found !== null) {
				return null;
			}

			found = item;
		}
	}

	return found;
}

/**
Marks the account's own credential in a listing that streams page by page, by the hint: every other token passes
with its page; one that matches waits until the listing ends, when it is known whether it was the only match,
and comes last, in a page of its own. Pages stay pages, so the listing keeps handing them on whole (see
src/flatten-pages.ts). A listing that fails still hands on what it held before the error, so a partial list
counts every token it saw; a lone match so far is marked, since it may be the credential.
*/
export async function* markOwnCredentialInPages(pages: AsyncIterable<Iterable<Token>>, matchesHint: (token: Token) => boolean): AsyncGenerator<Iterable<Token>, void, undefined> {
	const held: Token[] = [];
	try {
		for await (const page of pages) {
			const passing: Token[] = [];
			for (const token of page) {
				(matchesHint(token) ? held : passing).push(token);
			}

			yield passing;
		}
	} catch (error) {
		yield held.map(token => ({...token, ownCredential: held.length === 1}));
		throw error;
	}

	const own = held.length === 1;
	yield held.map(token => ({...token, ownCredential: own}));
}

/**
Marks one token read alone (a `get`), by the hint: a match counts only when the whole listing holds no second
one. The listing is read only for a match, so a `get` of any other token costs nothing more. If that listing
fails, the match stands: a token wrongly taken for the credential is only refused, where the credential taken for
another token would be rotated or revoked unwarned.
*/
export async function markOneByHint(token: Token, matchesHint: (token: Token) => boolean, everyToken: () => AsyncIterable<Token>, signal: AbortSignal | undefined): Promise<Token> {
	if (!matchesHint(token)) {
		return token;
	}

	let matches = 0;
	try {
		for await (const listed of everyToken()) {
			if (matchesHint(listed)) {
				matches++;
				if (matches > 1) {
					break;
				}
			}
		}
	} catch (error) {
		if (signal?.aborted === true) {
			throw error;
		}

		matches = 1;
	}

	return {...token, ownCredential: matches <= 1};
}
