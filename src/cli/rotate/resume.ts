import type {RevokeCommand} from '../../inventory/rotate/describe.js';
import {resumeProgress, type RefProgress} from '../../inventory/rotate/journal.js';
import {formatRef, parseRef, type TokenRef} from '../../inventory/rotate/ref.js';
import type {TokenProvider} from '../../provider.js';
import type {RotationStrategy} from '../../rotation/strategy.js';
import type {CliIo} from '../io.js';
import {revokeOld} from './revoke-old.js';
import type {RunReport} from './run-report.js';
import type {Sinks} from './sinks.js';
import {checkStored, unreadableLineWarning} from './stored-keys.js';
import type {Target} from './target.js';

/** What is left to do for a REF. */
export type StepOf = (ref: TokenRef) => RefProgress;

/**
Every REF is to be rotated, unless the journal of an earlier run at `target` says how far it got; a new key the
journal counts as stored counts only if the secret file holds a readable record of it.
*/
export function stepsFrom(target: Target | null, providers: readonly TokenProvider[], revokeCommand: RevokeCommand): StepOf {
	const strategyOf = (text: string): RotationStrategy | null => {
		const ref = parseRefOrNull(text);
		const provider = ref === null ? undefined : providers.find(candidate => candidate.provider === ref.provider && candidate.account === ref.account);
		return provider?.capabilities.rotation ?? null;
	};

	const progress = target?.journal === null || target === null ? null : resumeProgress(target.journal, strategyOf);
	const secrets = target?.secrets ?? null;
	return ref => {
		const step = progress?.get(formatRef(ref)) ?? {kind: 'rotate'};
		return secrets === null || target === null ? step : checkStored(ref, step, secrets, target.path, revokeCommand);
	};
}

/** Warns of every line of the earlier run's files that was cut short (or cannot be read), and says what it means. */
export function warnUnreadableLines(target: Target | null, stepOf: StepOf, revokeCommand: RevokeCommand, io: CliIo): void {
	for (const line of target?.journal?.cutShort ?? []) {
		io.stderr.write(`tokenkit: warning: ${target?.journalPath ?? ''}:${line} is a record cut short (the disk filled up, or a run was stopped, while it was written): it is skipped, as the step it records was never taken or is checked again; this run never writes onto that line\n`);
	}

	for (const line of target?.secrets?.unreadable ?? []) {
		io.stderr.write(`tokenkit: warning: ${unreadableLineWarning(line, target?.path ?? '', stepOf, revokeCommand)}\n`);
	}
}

/**
Settles the REFs the earlier run got to: one it rotated is counted, one whose outcome it lost is reported for a
person to check (never rotated again), and the old token of a replace whose new key it stored is deleted now.
*/
export async function finishEarlierRun(refs: readonly TokenRef[], stepOf: StepOf, providers: readonly TokenProvider[], sinks: Sinks, report: RunReport, io: CliIo): Promise<void> {
	for (const ref of refs) {
		const step = stepOf(ref);
		if (step.kind === 'done') {
			report.count('rotated');
			report.say(`rotated ${formatRef(ref)}: already, by the earlier run (new token ${step.newId})`);
			if (step.old === 'pending-revocation') {
				report.leftWorking(ref, step.until?.toISOString() ?? 'the grace period');
			}
		} else if (step.kind === 'check') {
			report.count('failed');
			report.say(`FAILED  ${formatRef(ref)}: not rotated again, because ${step.reason}`);
		} else if (step.kind === 'revoke-old') {
			const finished = await revokeOld(ref, providers, sinks, io);
			report.count(finished.state === 'failed' ? 'failed' : 'rotated');
			report.say({
				deleted: `rotated ${formatRef(ref)}: finished: its new key was already stored (token ${step.newId}), and the old token is now deleted`,
				gone: `rotated ${formatRef(ref)}: finished: its new key was already stored (token ${step.newId}); the old token was already gone (deleted by the earlier run, whose answer was lost, or by someone since)`,
				failed: `FAILED  ${formatRef(ref)}: its new key is stored (token ${step.newId}), but deleting the old token failed: ${finished.detail}. Finish with: ${report.revokeCommand(ref)}`,
			}[finished.state]);
			if (finished.warning !== null) {
				report.warn(ref, finished.warning);
			}
		}
	}
}

function parseRefOrNull(text: string): TokenRef | null {
	try {
		return parseRef(text);
	} catch {
		return null;
	}
}
