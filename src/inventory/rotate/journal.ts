import * as v from 'valibot';
import {ConfigError} from '../../errors/index.js';
import type {Redactor} from '../../redaction/redactor.js';
import type {RotationEvent} from './apply.js';
import type {RotationStrategy} from '../../rotation/strategy.js';
import {isCutShortJson} from './cut-short.js';
import {formatRef, parseRef, type TokenRef} from './ref.js';

/*
The rotation journal: JSON Lines, one record per step, each written and flushed before the step after it.
It holds ids, names, states and times, never a key. The first line says what the run set out to do:

  {"journal":"tokenkit-rotate","version":1,"at":"…","gracePeriodMs":0,"refs":["mist:hq:6f1b…"]}
  {"at":"…","ref":"mist:hq:6f1b…","step":"started","action":"replace","name":"ci"}
  {"at":"…","ref":"mist:hq:6f1b…","step":"minted","newId":"0c2d…","name":"ci"}        the key is stored
  {"at":"…","ref":"mist:hq:6f1b…","step":"rotated","newId":"0c2d…","old":"revoked"}
  {"at":"…","ref":"…","step":"failed","state":"uncertain","newId":null,"error":"…"}

A REF whose last record is `started` or `minted` was interrupted: see {@link resumeProgress}. The journal of
the secret file FILE is FILE.journal, and a run working on it holds FILE.journal.lock (lock.ts).
*/

export const journalVersion = 1;

/** Where the journal of a secret file goes: beside it, so the two are found, moved and deleted together. */
export function journalPathOf(secretPath: string): string {
	return `${secretPath}.journal`;
}

/** The lock a run holds while it works on a journal. */
export function journalLockPathOf(secretPath: string): string {
	return `${journalPathOf(secretPath)}.lock`;
}

const isoTime = v.pipe(v.string(), v.isoTimestamp());
const HeaderSchema = v.object({
	journal: v.literal('tokenkit-rotate'),
	version: v.literal(journalVersion),
	at: isoTime,
	gracePeriodMs: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
	refs: v.pipe(v.array(v.string()), v.minLength(1)),
});
const StepSchema = v.variant('step', [
	// `name` is the token's, so that after a crash the user knows what name a twin minted unseen would carry.
	v.object({at: isoTime, ref: v.string(), step: v.literal('started'), action: v.pipe(v.string(), v.nonEmpty()), name: v.optional(v.string())}),
	v.object({at: isoTime, ref: v.string(), step: v.literal('minted'), newId: v.string(), name: v.string()}),
	v.object({
		at: isoTime,
		ref: v.string(),
		step: v.literal('rotated'),
		newId: v.string(),
		old: v.picklist(['revoked', 'valid-until', 'pending-revocation']),
		until: v.optional(isoTime),
	}),
	v.object({
		at: isoTime,
		ref: v.string(),
		step: v.literal('failed'),
		state: v.picklist(['unchanged', 'unsupported', 'refused', 'discarded', 'orphaned', 'old-live', 'key-lost', 'uncertain']),
		newId: v.nullable(v.string()),
		error: v.string(),
	}),
	v.object({at: isoTime, ref: v.string(), step: v.literal('skipped')}),
	// Written when a later run finished an interrupted replace by deleting the old token.
	v.object({at: isoTime, ref: v.string(), step: v.literal('revoked-old')}),
]);

export type JournalHeader = v.InferOutput<typeof HeaderSchema>;
export type JournalStep = v.InferOutput<typeof StepSchema>;

export interface Journal {
	readonly header: JournalHeader;
	readonly steps: readonly JournalStep[];
	/** The numbers of lines cut short, which were skipped. */
	readonly cutShort: readonly number[];
}

/** The first line of a journal. */
export function journalHeader(refs: readonly string[], gracePeriodMs: number, at: Date): string {
	const header: JournalHeader = {journal: 'tokenkit-rotate', version: journalVersion, at: at.toISOString(), gracePeriodMs, refs: [...refs]};
	return `${JSON.stringify(header)}\n`;
}

/**
The journal line for one rotation event, every string of it scrubbed by `redactor`: a failure's text quotes the
vendor, which may have echoed the key just minted. Scrubbed as a value, not as text, so the line stays JSON.
*/
export function journalLine(event: RotationEvent, redactor: Redactor): string {
	return `${JSON.stringify(redactor.scrubJson(journalStep(event)))}\n`;
}

/** The journal line saying that a later run deleted the old token of `ref`. */
export function revokedOldLine(ref: string, at: Date): string {
	const step: JournalStep = {at: at.toISOString(), ref, step: 'revoked-old'};
	return `${JSON.stringify(step)}\n`;
}

function journalStep(event: RotationEvent): JournalStep {
	const at = event.at.toISOString();
	switch (event.type) {
		case 'started': {
			return {at, ref: formatRef(event.ref), step: 'started', action: event.action, name: event.name};
		}

		case 'minted': {
			return {at, ref: formatRef(event.ref), step: 'minted', newId: event.token.id, name: event.token.name};
		}

		case 'finished': {
			const {outcome} = event;
			const ref = formatRef(outcome.ref);
			switch (outcome.status) {
				case 'rotated': {
					const {previous} = outcome;
					const until = previous.state === 'valid-until' ? previous.until : previous.state === 'pending-revocation' ? previous.revokeAfter : undefined;
					return {at, ref, step: 'rotated', newId: outcome.token.id, old: previous.state, ...(until === undefined ? {} : {until: until.toISOString()})};
				}

				case 'failed': {
					return {at, ref, step: 'failed', state: outcome.state, newId: outcome.minted?.id ?? null, error: outcome.error.message};
				}

				case 'skipped': {
					return {at, ref, step: 'skipped'};
				}
			}
		}
	}
}

/**
Reads a journal; a line that is not a journal record is a ConfigError naming the file and line.

A line cut short (a write interrupted by a crash or a full disk: see cut-short.ts) is skipped, and its number
kept in `cutShort`; the REF stands where its records before it say. That is safe: `started` and `minted` are
flushed whole before the step they announce is taken, so one cut short was never acted on; an outcome cut short
leaves the REF at `started` (for a person to check) or `minted` (whose old token is deleted, or found gone).
A run of an earlier version could write the next record onto the end of such a line; that record is read.
*/
export function parseJournal(text: string, where: string): Journal {
	const records: Array<{line: number; value: unknown}> = [];
	const cutShort: number[] = [];
	for (const [index, line] of text.split('\n').entries()) {
		if (line === '') {
			continue;
		}

		const read = readLine(line);
		if (read === null) {
			throw new ConfigError(`${where}:${index + 1}: not a tokenkit journal record`);
		}

		if (read.cutShort) {
			cutShort.push(index + 1);
		}

		if (read.value !== undefined) {
			records.push({line: index + 1, value: read.value});
		}
	}

	const [first, ...rest] = records;
	const header = v.safeParse(HeaderSchema, first?.value);
	if (!header.success) {
		throw new ConfigError(first === undefined && cutShort.length > 0
			? `${where}:1: the journal's first line is cut short (the disk filled up, or the run was stopped, while it was written), so that run recorded no step and changed no token; its secret file holds no key: delete both and run the rotation again`
			: `${where}:${first?.line ?? 1}: not a tokenkit rotation journal (version ${journalVersion})`);
	}

	const steps = rest.map(record => {
		const step = v.safeParse(StepSchema, record.value);
		if (!step.success) {
			throw new ConfigError(`${where}:${record.line}: not a tokenkit journal record`);
		}

		return step.output;
	});
	return {header: header.output, steps, cutShort};
}

/** One line's record (none when the line is only a record cut short), or null when the line is no record at all. */
function readLine(line: string): {value: unknown; cutShort: boolean} | null {
	const whole = parseJson(line);
	if (whole.ok) {
		return {value: whole.value, cutShort: false};
	}

	if (isCutShortJson(line)) {
		return {value: undefined, cutShort: true};
	}

	// A record written onto the end of a line cut short: the cut part, then one whole record.
	for (let start = line.indexOf('{', 1); start > 0; start = line.indexOf('{', start + 1)) {
		const tail = parseJson(line.slice(start));
		if (tail.ok && isCutShortJson(line.slice(0, start))) {
			return {value: tail.value, cutShort: true};
		}
	}

	return null;
}

function parseJson(text: string): {ok: true; value: unknown} | {ok: false} {
	try {
		const value: unknown = JSON.parse(text);
		return {ok: true, value};
	} catch {
		return {ok: false};
	}
}

/**
Where one REF of a journal stands, and so what running the same rotation again does with it:
- `rotate`: not attempted yet, or it failed without changing anything: rotate it now.
- `done`: rotated; nothing to do (a pending revocation says when and what to revoke).
- `revoke-old`: the new key is stored but the old token (a replace without grace) is still live: delete it.
- `check`: the outcome is unknown or needs a person (a key may have been minted without being stored): do not rotate again.
*/
export type RefProgress =
	| {readonly kind: 'rotate'}
	| {readonly kind: 'done'; readonly newId: string; readonly old: 'revoked' | 'valid-until' | 'pending-revocation'; readonly until: Date | null}
	| {readonly kind: 'revoke-old'; readonly newId: string}
	| {readonly kind: 'check'; readonly reason: string};

/** How the vendor of a REF (as the journal writes it) rotates; null when it cannot, or is not configured. */
export type StrategyOf = (ref: string) => RotationStrategy | null;

/**
Where every REF of the journal stands, from its last record. A record is read through the strategy of the
REF's vendor: it says whether a stored key leaves an old token to revoke, and what to check after a crash.
*/
export function resumeProgress(journal: Journal, strategyOf: StrategyOf): Map<string, RefProgress> {
	const progress = new Map<string, RefProgress>(journal.header.refs.map(ref => [ref, {kind: 'rotate'}]));
	const last = new Map<string, JournalStep>();
	const minted = new Map<string, Extract<JournalStep, {step: 'minted'}>>();
	for (const step of journal.steps) {
		last.set(step.ref, step);
		if (step.step === 'minted') {
			minted.set(step.ref, step);
		} else if (step.step === 'started') {
			minted.delete(step.ref);
		}
	}

	const grace = journal.header.gracePeriodMs;
	for (const [ref, step] of last) {
		progress.set(ref, progressOf(step, strategyOf(ref), minted.get(ref), grace));
	}

	return progress;
}

function progressOf(step: JournalStep, strategy: RotationStrategy | null, minted: Extract<JournalStep, {step: 'minted'}> | undefined, grace: number): RefProgress {
	switch (step.step) {
		case 'started': {
			// Only a mint the vendor makes safe to repeat may be sent again when its outcome is unknown.
			return strategy?.retrySafe === true ? {kind: 'rotate'} : {kind: 'check', reason: unrecordedOutcome(step, strategy, grace)};
		}

		case 'minted': {
			const at = new Date(step.at);
			if (strategy === null) {
				return {kind: 'check', reason: `its new key was stored at ${step.at} (token ${step.newId}), but its vendor's way of rotating is not known to this configuration: check that the old key is revoked`};
			}

			if (strategy.oldKey !== 'caller-revokes') {
				return {kind: 'done', newId: step.newId, old: grace > 0 ? 'valid-until' : 'revoked', until: grace > 0 ? new Date(at.getTime() + grace) : null};
			}

			return grace > 0
				? {kind: 'done', newId: step.newId, old: 'pending-revocation', until: new Date(at.getTime() + grace)}
				: {kind: 'revoke-old', newId: step.newId};
		}

		case 'rotated': {
			return {kind: 'done', newId: step.newId, old: step.old, until: step.until === undefined ? null : new Date(step.until)};
		}

		case 'revoked-old': {
			return {kind: 'done', newId: minted?.newId ?? '', old: 'revoked', until: null};
		}

		case 'skipped': {
			return {kind: 'rotate'};
		}

		case 'failed': {
			switch (step.state) {
				case 'unchanged':
				case 'unsupported':
				case 'refused':
				case 'discarded': {
					return {kind: 'rotate'};
				}

				case 'old-live': {
					return step.newId === null ? {kind: 'check', reason: `it failed after its new key was stored: ${step.error}`} : {kind: 'revoke-old', newId: step.newId};
				}

				case 'orphaned':
				case 'key-lost':
				case 'uncertain': {
					return {kind: 'check', reason: `it failed as "${step.state}" at ${step.at}: ${step.error}`};
				}
			}
		}
	}
}

/**
What to check when a rotation started and nothing more was recorded: the process died while its request was
out, so the vendor may have acted. Minting again blindly could leave a second live key nobody holds, so the user
is told what to look for; the same secret file will keep saying this, hence a new one to rotate again.
*/
function unrecordedOutcome(step: Extract<JournalStep, {step: 'started'}>, strategy: RotationStrategy | null, grace: number): string {
	const opening = `a ${step.action} started at ${step.at} and its outcome was never recorded`;
	const context = {name: step.name, startedAt: step.at, ref: refParts(step.ref), gracePeriodMs: grace};
	const check = strategy?.afterCrash(context)
		?? 'the vendor may have minted a new key that was never stored: check the token at the vendor before rotating it with a new --secret-out file';
	return `${opening}: ${check}`;
}

function refParts(text: string): TokenRef | null {
	try {
		return parseRef(text);
	} catch {
		return null;
	}
}
