import type {RevokeCommand} from '../../inventory/rotate/describe.js';
import {planRotation, type RotationPlan} from '../../inventory/rotate/plan.js';
import type {TokenRef} from '../../inventory/rotate/ref.js';
import type {TokenProvider} from '../../provider.js';
import {exitCodes} from '../exit-codes.js';
import type {CliIo, CommandIo} from '../io.js';
import {applyPlan} from './apply-plan.js';
import {confirmChanges} from './confirm-changes.js';
import {finishEarlierRun, stepsFrom, warnUnreadableLines} from './resume.js';
import {createRunReport} from './run-report.js';
import {openSinks} from './sinks.js';
import type {Target} from './target.js';

export interface ApplyRun {
	readonly refs: readonly TokenRef[];
	readonly providers: readonly TokenProvider[];
	readonly gracePeriod: number;
	/** Rotate the accounts' own credentials too (last), rather than refuse them. */
	readonly includeOwnCredential: boolean;
	/** Whether the user chose the grace period, rather than getting the default of none. */
	readonly graceGiven: boolean;
	readonly target: Target | null;
	readonly yes: boolean;
	readonly revokeCommand: RevokeCommand;
	/** Told every journal line where no journal file is kept (keys to stdout), so the run can still be recorded. */
	readonly keepJournal?: ((line: string) => void) | undefined;
}

/**
`rotate` for real: plans what is left to do (all of it, unless an earlier run's journal says otherwise), asks,
then finishes the earlier run's steps and rotates the rest, reporting each REF. Returns the exit code.
*/
export async function applyRun(run: ApplyRun, io: CommandIo): Promise<number> {
	const report = createRunReport(io, run.target, run.revokeCommand);
	const stepOf = stepsFrom(run.target, run.providers, run.revokeCommand);
	const toRotate = run.refs.filter(ref => stepOf(ref).kind === 'rotate');
	const plan: RotationPlan = toRotate.length > 0 ? await planRotation(toRotate, run.providers, {gracePeriod: run.gracePeriod, includeOwnCredential: run.includeOwnCredential, signal: io.signal}) : {gracePeriod: run.gracePeriod, items: []};

	if (run.target?.journal !== null && run.target !== null) {
		report.say(`Finishing the rotation recorded in ${run.target.journalPath}.`);
		warnUnreadableLines(run.target, stepOf, run.revokeCommand, io);
	}

	const early = run.graceGiven ? undefined : plan.items.find(item => item.action === 'rotate' && item.strategy.oldKey === 'vendor-expires' && item.previous.state === 'revoked-at-reset');
	if (early?.action === 'rotate') {
		// The one case where the vendor, not tokenkit, decides the order though a grace period could avoid it: say so before it happens.
		const {name} = early.strategy;
		io.stderr.write(`tokenkit: note: a ${name} without --grace retires the old key in the ${name} itself, before tokenkit has stored the new one; pass --grace (e.g. 10m) to keep the old key working until the new one is in place\n`);
	}

	if (!(await confirmChanges({refs: run.refs, plan, stepOf, gracePeriod: run.gracePeriod, keysTo: run.target?.path ?? 'stdout', yes: run.yes}, report, io))) {
		return exitCodes.failure;
	}

	if (interrupted(io)) {
		// Stopped while planning (or asking): nothing has been changed, so no secret file or journal is left behind.
		report.say('Interrupted before any change: no token was changed and no file was written.');
		return exitCodes.interrupted;
	}

	const sinks = await openSinks(run.target, run.refs, run.gracePeriod, io, run.keepJournal);
	try {
		await finishEarlierRun(run.refs, stepOf, run.providers, sinks, report, io);
		await applyPlan(plan, sinks, report, io);
	} finally {
		await sinks.close();
	}

	const everyRefRotated = report.close();
	if (interrupted(io)) {
		return exitCodes.interrupted;
	}

	return everyRefRotated ? exitCodes.ok : exitCodes.failure;
}

/** Read afresh at each call: a signal can fire during any await, which the compiler's narrowing does not know. */
function interrupted(io: CliIo): boolean {
	return io.signal.aborted;
}
