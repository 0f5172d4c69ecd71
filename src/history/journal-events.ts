import type {Journal, JournalStep} from '../inventory/rotate/journal.js';
import {parseRef} from '../inventory/rotate/ref.js';
import type {KeyEvent} from './key-events.js';

/**
The key events a rotation journal records: each new key stored (`minted`, with what became of the old key from the
REF's `rotated` record), and each old token a later run deleted (`revoked-old`). A REF that was started and never
stored a key renewed nothing, and records nothing. `source` says where the journal was.
*/
export function keyEventsFromJournal(journal: Journal, source: string): KeyEvent[] {
	const events: KeyEvent[] = [];
	const finished = new Map<string, Extract<JournalStep, {step: 'rotated'}>>();
	for (const step of journal.steps) {
		if (step.step === 'rotated') {
			finished.set(`${step.ref}\u0000${step.newId}`, step);
		}
	}

	const minted = new Set<string>();
	for (const step of journal.steps) {
		const ref = refOf(step.ref);
		if (ref === null) {
			continue;
		}

		if (step.step === 'minted' || (step.step === 'rotated' && !minted.has(`${step.ref}\u0000${step.newId}`))) {
			minted.add(`${step.ref}\u0000${step.newId}`);
			const outcome = finished.get(`${step.ref}\u0000${step.newId}`);
			events.push({
				action: 'rotated',
				at: step.at,
				...ref,
				newTokenId: step.newId,
				oldKey: outcome?.old ?? null,
				oldKeyUntil: outcome?.until ?? null,
				source,
			});
		} else if (step.step === 'revoked-old') {
			events.push({action: 'revoked', at: step.at, ...ref, newTokenId: null, oldKey: null, oldKeyUntil: null, source});
		}
	}

	return events;
}

function refOf(text: string): {provider: string; account: string; tokenId: string} | null {
	try {
		const ref = parseRef(text);
		return {provider: ref.provider, account: ref.account, tokenId: ref.id};
	} catch {
		// A journal line naming no REF tokenkit could have written: nothing to record from it.
		return null;
	}
}
