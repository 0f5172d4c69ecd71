import type {RevokeCommand} from '../../inventory/rotate/describe.js';
import type {RefProgress} from '../../inventory/rotate/journal.js';
import {formatRef, type TokenRef} from '../../inventory/rotate/ref.js';
import type {SecretFileContents, UnreadableLine} from '../../inventory/rotate/secret-file.js';

/*
The journal says which new keys were stored; the secret file must agree. A key counts as stored only where the
file holds a whole record of it: a record cut short (the disk filled up, the process died) or written onto the
end of one (as earlier versions could) is no key anyone can read, so its old token is not deleted, and the
user is told that the key is lost and what to do.
*/

/** `progress` of `ref`, unless it counts on a new key the secret file holds no readable record of. */
export function checkStored(ref: TokenRef, progress: RefProgress, secrets: SecretFileContents, path: string, revokeCommand: RevokeCommand): RefProgress {
	if ((progress.kind !== 'done' && progress.kind !== 'revoke-old') || progress.newId === '') {
		return progress;
	}

	const newRef: TokenRef = {...ref, id: progress.newId};
	if (secrets.stored.has(formatRef(newRef))) {
		return progress;
	}

	const missing = `${path} holds no readable record of its new key (token ${progress.newId})${whereItWas(ref, newRef, secrets.unreadable)}: that key is lost`;
	if (progress.kind === 'revoke-old') {
		return {kind: 'check', reason: `${missing}, so the old token was not deleted and works as before. Revoke the new token (${revokeCommand(newRef)}), then rotate it again with a new --secret-out file`};
	}

	if (progress.old === 'pending-revocation') {
		return {kind: 'check', reason: `it was rotated by the earlier run, but ${missing}. The old token works until it is revoked: revoke the new token (${revokeCommand(newRef)}) and rotate it again with a new --secret-out file, before revoking the old one`};
	}

	// For a reset the key's token is the one rotated; for a replace without grace the old token is gone. Either
	// way, rotating the token that holds the lost key gives a key someone holds.
	return {kind: 'check', reason: `it was rotated by the earlier run, but ${missing}. Rotate ${formatRef(newRef)} with a new --secret-out file to get a key you hold`};
}

function whereItWas(ref: TokenRef, newRef: TokenRef, unreadable: readonly UnreadableLine[]): string {
	const line = unreadable.find(candidate => sameRef(candidate.ref, newRef) || sameRef(candidate.rotated, ref));
	return line === undefined ? '' : ` (line ${line.line} is ${line.cutShort ? 'cut short' : 'unreadable'})`;
}

/** What to tell the user about a line of the secret file that holds no readable record. */
export function unreadableLineWarning(line: UnreadableLine, path: string, progressOf: (ref: TokenRef) => RefProgress, revokeCommand: RevokeCommand): string {
	const what = line.cutShort
		? `${path}:${line.line} is a record cut short (the disk filled up, or a run was stopped, while it was written)`
		: `${path}:${line.line} is not a record tokenkit can read`;
	const tail = 'This run never writes onto that line.';
	const {rotated, ref: holder} = line;
	if (rotated === null) {
		return `${what}: the new key in it cannot be read and is not counted as stored; the REF it was for is cut off with it, and the REFs not rotated again below say what to check. ${tail}`;
	}

	const twin = holder !== null && !sameRef(holder, rotated) ? holder : null;
	const key = `the new key for ${formatRef(rotated)}${twin === null ? '' : ` (token ${twin.id})`} in it cannot be read and is not counted as stored`;
	if (progressOf(rotated).kind === 'rotate') {
		return `${what}: ${key}; the earlier run deleted that token again, and ${formatRef(rotated)} is rotated again now. ${tail}`;
	}

	const advice = twin === null
		? `that key is lost: rotate ${formatRef(rotated)} again with a new --secret-out file`
		: `that token's key is lost: revoke it if it still exists (${revokeCommand(twin)}), then rotate ${formatRef(rotated)} again with a new --secret-out file`;
	return `${what}: ${key}; ${advice}. ${tail}`;
}

function sameRef(a: TokenRef | null, b: TokenRef): boolean {
	return a !== null && formatRef(a) === formatRef(b);
}
