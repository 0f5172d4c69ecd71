import {describeOutcome, type RevokeCommand} from '../../inventory/rotate/describe.js';
import type {RotationOutcome} from '../../inventory/rotate/outcome.js';
import {formatRef, type TokenRef} from '../../inventory/rotate/ref.js';
import {inert, lineLength} from '../../text/inert.js';
import type {CommandIo} from '../io.js';
import type {Target} from './target.js';

/** What a run says as it goes, one line per REF, and the counts and the old tokens left working that it ends with. */
export interface RunReport {
	/** stdout, or stderr when the keys go to stdout. */
	readonly stream: NodeJS.WritableStream;
	readonly revokeCommand: RevokeCommand;
	say(text: string): void;
	/** A warning on stderr about one REF. */
	warn(ref: TokenRef, warning: string): void;
	/** Counts a REF whose line was said apart from `outcome` (one the earlier run got to). */
	count(result: 'rotated' | 'failed'): void;
	/** Notes an old token that keeps working: the closing lines say to revoke it after `after`. */
	leftWorking(ref: TokenRef, after: string): void;
	/** Says and counts the outcome of a REF this run set out to rotate. */
	outcome(outcome: RotationOutcome): void;
	/** Says the closing lines; true when every REF was rotated. */
	close(): boolean;
}

/** Every line passes through the run's redactor: an outcome quotes the vendor's error, which may echo a key. */
export function createRunReport(io: CommandIo, target: Target | null, revokeCommand: RevokeCommand): RunReport {
	// With the keys on stdout, stdout carries nothing else: the report goes to stderr.
	const stream = target === null ? io.stderr : io.stdout;
	const counts = {rotated: 0, failed: 0, skipped: 0};
	const pending: string[] = [];
	const say = (text: string): void => {
		stream.write(`${io.redactor.scrub(text)}\n`);
	};

	const leftWorking = (ref: TokenRef, after: string): void => {
		pending.push(`after ${after}: ${revokeCommand(ref)}`);
	};

	return {
		stream,
		revokeCommand,
		say,
		warn(ref, warning) {
			io.stderr.write(`tokenkit: warning: ${formatRef(ref)}: ${inert(io.redactor.scrub(warning), lineLength)}\n`);
		},
		count(result) {
			counts[result]++;
		},
		leftWorking,
		outcome(outcome) {
			counts[outcome.status === 'rotated' ? 'rotated' : outcome.status === 'failed' ? 'failed' : 'skipped']++;
			say(outcomeLine(outcome, revokeCommand));
			if (outcome.status === 'rotated' && outcome.previous.state === 'pending-revocation') {
				leftWorking(outcome.ref, outcome.previous.revokeAfter.toISOString());
			}
		},
		close() {
			const where = target === null ? '' : ` New keys: ${target.path}. Journal: ${target.journalPath}.`;
			say(`${counts.rotated} rotated, ${counts.failed} failed${counts.skipped > 0 ? `, ${counts.skipped} not started` : ''}.${where}`);
			if (pending.length > 0) {
				say(`Old tokens left working for the grace period; revoke them when it ends:\n${pending.map(line => `  ${line}`).join('\n')}`);
			}

			return counts.failed + counts.skipped === 0;
		},
	};
}

/** One line per REF, made inert whole: it quotes ids the vendor chose (a new token's), besides its messages and names. */
function outcomeLine(outcome: RotationOutcome, revokeCommand: RevokeCommand): string {
	const status = outcome.status === 'rotated' ? 'rotated' : outcome.status === 'failed' ? 'FAILED ' : 'skipped';
	// An error message is bounded by lineLength and a name by 80; the cap guards against an absurdly long vendor id.
	return inert(`${status} ${formatRef(outcome.ref)}: ${describeOutcome(outcome, revokeCommand)}`, 2 * lineLength);
}
