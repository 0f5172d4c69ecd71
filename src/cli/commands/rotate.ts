import {constants} from 'node:fs';
import {access, readFile, stat} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import {ConfigError, NotFoundError} from '../../errors/index.js';
import {applyRotation, type RotationEvent} from '../../inventory/rotate/apply.js';
import {describeOutcome, describePlanned, type RevokeCommand} from '../../inventory/rotate/describe.js';
import {createDurableFile, openDurableFileForAppend, type DurableFile} from '../../inventory/rotate/durable-file.js';
import {formatDuration, parseDuration} from '../../inventory/rotate/duration.js';
import {journalHeader, journalLine, journalLockPathOf, journalPathOf, parseJournal, resumeProgress, revokedOldLine, type Journal, type RefProgress} from '../../inventory/rotate/journal.js';
import {takeLock, type LockHolder, type RotationLock} from '../../inventory/rotate/lock.js';
import type {RotationOutcome} from '../../inventory/rotate/outcome.js';
import {planRotation, type PlannedRotation, type RotationPlan} from '../../inventory/rotate/plan.js';
import {formatRef, type TokenRef} from '../../inventory/rotate/ref.js';
import {secretRecord} from '../../inventory/rotate/secret-record.js';
import type {TokenProvider} from '../../provider.js';
import {parseCommandLine} from '../arguments.js';
import type {Command} from '../command.js';
import {checkCanConfirm, confirm} from '../confirm.js';
import {exitCodes} from '../exit-codes.js';
import type {CliIo} from '../io.js';
import {refTargets, shellWord} from '../ref-accounts.js';
import {UsageError} from '../usage-error.js';

const help = `Usage: tokenkit rotate REF... [options]

Gives each token a new key, in its vendor's way, and writes every new key to --secret-out before any old
key is revoked. REF is provider:account:id (ids as tokenkit inventory shows them).

  LaunchDarkly  reset: a new key for the same token; the old key stops at once, or after --grace
  Mist          replace: a twin with the same name, privileges and IP allow-list; the old token is deleted
                once the new key is stored, or left for you to revoke after --grace
  Opal          none: its API cannot mint keys; the REF fails and says what to do in Opal's UI

Options:
  --config FILE        config file (default: tokenkit.yaml)
  --dry-run            print the plan; only reads are sent, nothing changes
  --secret-out FILE    where the new keys go: a new file, created 0600, never overwritten; required to apply.
                       "-" writes them to stdout (the report then goes to stderr)
  --grace DURATION     how long old keys keep working: 30m, 12h, 7d (at most 90d), 0 (default)
  --yes                do not ask; required when stdin is not a terminal
  -h, --help           show this help

The secret file holds one JSON object per line:
  {"ref":"mist:hq:<new id>","rotated":"mist:hq:<old id>","name":"ci-deploy","key":"<new key>"}
Beside it, FILE.journal (0600, no keys) records each step as JSON lines. If a run is interrupted, run the
same command again: it reads the journal, finishes what was left (deletes old tokens whose new key is
stored), rotates what was not started, and never mints a second key for a token whose outcome is unknown:
those it reports for you to check.
While it runs, FILE.journal.lock holds its pid: a second run on the same FILE refuses (exit 2) until the
first ends. A lock left by a process that is no longer running (a crash) is taken over, with a warning.

Exit codes: 0 every REF rotated (or, with --dry-run, can be); 1 a REF failed or cannot be rotated, or
the question was declined; 2 bad command line, config or REF, or another run holds FILE's lock (nothing
was changed); 130 interrupted.
`;

export const rotateCommand: Command = {
	name: 'rotate',
	summary: 'give tokens new keys, each stored before the old one is revoked',
	help,
	async run(argv, io) {
		const {values, positionals} = parseCommandLine('rotate', argv, {
			config: {type: 'string'},
			grace: {type: 'string'},
			'dry-run': {type: 'boolean'},
			'secret-out': {type: 'string'},
			yes: {type: 'boolean'},
			help: {type: 'boolean', short: 'h'},
		}, true);
		if (values.help === true) {
			io.stdout.write(help);
			return exitCodes.ok;
		}

		if (positionals.length === 0) {
			throw new UsageError('rotate needs at least one REF, written provider:account:id (see tokenkit inventory for ids)');
		}

		const dryRun = values['dry-run'] === true;
		const secretOut = values['secret-out'];
		const grace = values.grace === undefined ? undefined : parseGrace(values.grace);
		if (!dryRun && secretOut === undefined) {
			throw new UsageError('rotate needs --secret-out FILE (or - for stdout) to put the new keys in; or --dry-run to see the plan');
		}

		if (secretOut === '') {
			throw new UsageError('--secret-out needs a file name, or - for stdout');
		}

		const {refs, providers} = await refTargets('rotate', positionals, values.config, io);
		const revokeCommand: RevokeCommand = ref => ['tokenkit', 'revoke', formatRef(ref), ...(values.config === undefined ? [] : ['--config', values.config])].map(word => shellWord(word)).join(' ');
		if (dryRun || secretOut === undefined) {
			return dryRunPlan(refs, providers, grace ?? 0, revokeCommand, io);
		}

		checkCanConfirm(io, values.yes === true, 'rotate changes keys at the vendors');
		const path = secretOut === '-' ? null : resolve(io.cwd, secretOut);
		// Taken before the journal is read, so no other run can change what it says until this one ends.
		const lock = path === null ? null : await lockJournal(path, io);
		try {
			const target = path === null ? null : await checkTarget(path, refs, grace);
			const gracePeriod = target?.journal?.header.gracePeriodMs ?? grace ?? 0;
			return await apply({refs, providers, gracePeriod, graceGiven: values.grace !== undefined || (target?.journal ?? null) !== null, target, yes: values.yes === true, revokeCommand}, io);
		} finally {
			await lock?.release();
		}
	},
};

function parseGrace(text: string): number {
	try {
		return parseDuration(text, '--grace');
	} catch (error) {
		throw error instanceof ConfigError ? new UsageError(error.message.replace(/^\[tokenkit\] /, '')) : error;
	}
}

async function dryRunPlan(refs: readonly TokenRef[], providers: readonly TokenProvider[], gracePeriod: number, revokeCommand: RevokeCommand, io: CliIo): Promise<number> {
	const plan = await planRotation(refs, providers, {gracePeriod, signal: io.signal});
	io.stdout.write(`Plan (grace ${formatDuration(gracePeriod)}):\n`);
	for (const item of plan.items) {
		io.stdout.write(`  ${label(item.ref, nameOf(item))}: ${describePlanned(item, revokeCommand)}\n`);
	}

	const blocked = plan.items.filter(item => item.action === 'unsupported' || item.action === 'unavailable').length;
	io.stdout.write(`Dry run: nothing was changed. ${plan.items.length - blocked} of ${plan.items.length} can be rotated.\n`);
	return blocked > 0 ? exitCodes.failure : exitCodes.ok;
}

/**
Takes the lock of the journal of `path`: two runs reading one journal would both finish the same REF (two twins
for one token). A run that holds it makes this one refuse before any request; a crashed run's lock is taken over.
*/
async function lockJournal(path: string, io: CliIo): Promise<RotationLock> {
	const lockPath = journalLockPathOf(path);
	let attempt: Awaited<ReturnType<typeof takeLock>>;
	try {
		attempt = await takeLock(lockPath);
	} catch (error) {
		const code = error instanceof Error && 'code' in error ? String(error.code) : 'failed';
		throw new UsageError(`--secret-out ${path}: its directory does not exist or cannot be written to (${lockPath}: ${code})`);
	}

	if (!attempt.taken) {
		const holder = attempt.holder === null ? 'a lock file that names no process' : `held by ${describeHolder(attempt.holder)}`;
		throw new UsageError(`--secret-out ${path}: another tokenkit rotate is working on it: ${lockPath} is ${holder}. Wait for that run to end; if no such process is running, delete ${lockPath} and run this again`);
	}

	if (attempt.staleHolder !== null) {
		io.stderr.write(`tokenkit: warning: took over ${lockPath}, left by ${describeHolder(attempt.staleHolder)}, which is no longer running; the journal says what that run left to do\n`);
	}

	return attempt.lock;
}

function describeHolder(holder: LockHolder): string {
	return `pid ${holder.pid} on ${holder.host} (started ${holder.startedAt})`;
}

/** Where the keys go, and the journal of an earlier run when this one finishes it. */
interface Target {
	readonly path: string;
	readonly journalPath: string;
	/** Set when the secret file and its journal exist: this run resumes that rotation. */
	readonly journal: Journal | null;
}

/**
A new secret file is never written over. The one exception is finishing the run that made it: when the file
and its journal both exist, and every REF is one that journal set out to rotate, this run resumes it.
Everything is checked before any request.
*/
async function checkTarget(path: string, refs: readonly TokenRef[], grace: number | undefined): Promise<Target> {
	const journalPath = journalPathOf(path);
	const [secretExists, journalExists] = await Promise.all([exists(path), exists(journalPath)]);
	if (!secretExists && journalExists) {
		throw new UsageError(`--secret-out ${path}: its journal ${journalPath} exists without it; choose a new name (or move that journal away)`);
	}

	if (!secretExists) {
		try {
			await access(dirname(path), constants.W_OK);
		} catch {
			throw new UsageError(`--secret-out ${path}: its directory does not exist or cannot be written to`);
		}

		return {path, journalPath, journal: null};
	}

	if (!journalExists) {
		throw new UsageError(`--secret-out ${path}: the file exists; tokenkit never overwrites, choose a new name`);
	}

	const journal = parseJournal(await readFile(journalPath, 'utf8'), journalPath);
	const strangers = refs.map(ref => formatRef(ref)).filter(ref => !journal.header.refs.includes(ref));
	if (strangers.length > 0) {
		throw new UsageError(`--secret-out ${path} belongs to an earlier rotation (see ${journalPath}) that did not include ${strangers.join(', ')}; to finish that one, name only its REFs; to rotate others, choose a new file`);
	}

	if (grace !== undefined && grace !== journal.header.gracePeriodMs) {
		throw new UsageError(`--grace ${formatDuration(grace)} differs from the --grace ${formatDuration(journal.header.gracePeriodMs)} of the rotation recorded in ${journalPath}; leave it out to finish that rotation`);
	}

	return {path, journalPath, journal};
}

async function exists(path: string): Promise<boolean> {
	try {
		await stat(path);
		return true;
	} catch (error) {
		if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
			return false;
		}

		throw new UsageError(`${path} cannot be checked (${error instanceof Error ? error.message : String(error)})`);
	}
}

interface ApplyRun {
	readonly refs: readonly TokenRef[];
	readonly providers: readonly TokenProvider[];
	readonly gracePeriod: number;
	/** Whether the user chose the grace period, rather than getting the default of none. */
	readonly graceGiven: boolean;
	readonly target: Target | null;
	readonly yes: boolean;
	readonly revokeCommand: RevokeCommand;
}

/** Where the keys and the journal go: files, or stdout for the keys and no journal. */
interface Sinks {
	readonly keys: (text: string) => Promise<void>;
	readonly journal: (text: string) => Promise<void>;
	close(): Promise<void>;
}

async function apply(run: ApplyRun, io: CliIo): Promise<number> {
	// With the keys on stdout, stdout carries nothing else: the report goes to stderr.
	const report = run.target === null ? io.stderr : io.stdout;
	const say = (text: string): void => {
		report.write(`${text}\n`);
	};

	const progress = run.target?.journal === null || run.target === null ? null : resumeProgress(run.target.journal);
	const stepOf = (ref: TokenRef): RefProgress => progress?.get(formatRef(ref)) ?? {kind: 'rotate'};
	const toRotate = run.refs.filter(ref => stepOf(ref).kind === 'rotate');
	const plan: RotationPlan = toRotate.length > 0 ? await planRotation(toRotate, run.providers, {gracePeriod: run.gracePeriod, signal: io.signal}) : {gracePeriod: run.gracePeriod, items: []};

	if (run.target?.journal !== null && run.target !== null) {
		say(`Finishing the rotation recorded in ${run.target.journalPath}.`);
	}

	if (!run.graceGiven && plan.items.some(item => item.action === 'reset' && item.previous.state === 'revoked-at-reset')) {
		// The one case where the vendor, not tokenkit, decides the order: say so before it happens.
		io.stderr.write('tokenkit: note: a reset without --grace retires the old key in the reset itself, before tokenkit has stored the new one; pass --grace (e.g. 10m) to keep the old key working until the new one is in place\n');
	}

	const changes = plan.items.filter(item => item.action === 'reset' || item.action === 'replace').length + run.refs.filter(ref => stepOf(ref).kind === 'revoke-old').length;
	// The plan is for the person about to answer; with --yes the outcomes below say it all.
	if (changes > 0 && !run.yes) {
		say(`Plan (grace ${formatDuration(run.gracePeriod)}; new keys to ${run.target?.path ?? 'stdout'}):`);
		for (const ref of run.refs) {
			const item = plan.items.find(candidate => formatRef(candidate.ref) === formatRef(ref));
			say(`  ${label(ref, item === undefined ? null : nameOf(item))}: ${item === undefined ? describeProgress(ref, stepOf(ref), run.revokeCommand) : describePlanned(item, run.revokeCommand)}`);
		}

		if (!(await confirm(io, `Change ${changes} token${changes === 1 ? '' : 's'} as planned?`))) {
			say('Not confirmed: nothing was changed.');
			return exitCodes.failure;
		}
	}

	if (interrupted(io)) {
		// Stopped while planning (or asking): nothing has been changed, so no secret file or journal is left behind.
		say('Interrupted before any change: no token was changed and no file was written.');
		return exitCodes.interrupted;
	}

	const sinks = await openSinks(run, io);
	const counts = {rotated: 0, failed: 0, skipped: 0};
	const pending: string[] = [];
	try {
		for (const ref of run.refs) {
			const step = stepOf(ref);
			if (step.kind === 'done') {
				counts.rotated++;
				say(`rotated ${formatRef(ref)}: already, by the earlier run (new token ${step.newId})`);
				if (step.old === 'pending-revocation') {
					pending.push(`after ${step.until?.toISOString() ?? 'the grace period'}: ${run.revokeCommand(ref)}`);
				}
			} else if (step.kind === 'check') {
				counts.failed++;
				say(`FAILED  ${formatRef(ref)}: not rotated again, because ${step.reason}`);
			} else if (step.kind === 'revoke-old') {
				const finished = await revokeOld(ref, run.providers, sinks, io);
				counts[finished.state === 'failed' ? 'failed' : 'rotated']++;
				say({
					deleted: `rotated ${formatRef(ref)}: finished: its new key was already stored (token ${step.newId}), and the old token is now deleted`,
					gone: `rotated ${formatRef(ref)}: finished: its new key was already stored (token ${step.newId}); the old token was already gone (deleted by the earlier run, whose answer was lost, or by someone since)`,
					failed: `FAILED  ${formatRef(ref)}: its new key is stored (token ${step.newId}), but deleting the old token failed: ${finished.detail}. Finish with: ${run.revokeCommand(ref)}`,
				}[finished.state]);
				if (finished.warning !== null) {
					io.stderr.write(`tokenkit: warning: ${formatRef(ref)}: ${finished.warning}\n`);
				}
			}
		}

		const reported = new Set<RotationOutcome>();
		const report = (outcome: RotationOutcome): void => {
			reported.add(outcome);
			counts[outcome.status === 'rotated' ? 'rotated' : outcome.status === 'failed' ? 'failed' : 'skipped']++;
			say(outcomeLine(outcome, run.revokeCommand));
			if (outcome.status === 'rotated' && outcome.previous.state === 'pending-revocation') {
				pending.push(`after ${outcome.previous.revokeAfter.toISOString()}: ${run.revokeCommand(outcome.ref)}`);
			}
		};

		const outcomes = await applyRotation(plan, {
			async onMinted(minted, item) {
				await sinks.keys(secretRecord(minted, item.ref));
			},
			async onEvent(event: RotationEvent) {
				try {
					await sinks.journal(journalLine(event));
				} finally {
					// Reported as it happens, even when the journal could not take it.
					if (event.type === 'finished') {
						report(event.outcome);
					}
				}
			},
			signal: io.signal,
		});
		// An outcome that never reached the journal (its start or its end could not be recorded) is said here.
		const reportedRefs = new Set([...reported].map(outcome => formatRef(outcome.ref)));
		for (const outcome of outcomes.filter(candidate => !reported.has(candidate))) {
			if (!reportedRefs.has(formatRef(outcome.ref))) {
				report(outcome);
			} else if (outcome.status !== 'skipped' && outcome.warning !== null) {
				io.stderr.write(`tokenkit: warning: ${formatRef(outcome.ref)}: ${outcome.warning}\n`);
			}
		}
	} finally {
		await sinks.close();
	}

	const where = run.target === null ? '' : ` New keys: ${run.target.path}. Journal: ${run.target.journalPath}.`;
	say(`${counts.rotated} rotated, ${counts.failed} failed${counts.skipped > 0 ? `, ${counts.skipped} not started` : ''}.${where}`);
	if (pending.length > 0) {
		say(`Old tokens left working for the grace period; revoke them when it ends:\n${pending.map(line => `  ${line}`).join('\n')}`);
	}

	if (interrupted(io)) {
		return exitCodes.interrupted;
	}

	return counts.failed + counts.skipped > 0 ? exitCodes.failure : exitCodes.ok;
}

/** Read afresh at each call: a signal can fire during any await, which the compiler's narrowing does not know. */
function interrupted(io: CliIo): boolean {
	return io.signal.aborted;
}

async function openSinks(run: ApplyRun, io: CliIo): Promise<Sinks> {
	const {target} = run;
	if (target === null) {
		// No file beside stdout to hold a journal: the report on stderr is the record.
		return {
			keys: async text => new Promise<void>((done, fail) => {
				io.stdout.write(text, error => {
					if (error === null || error === undefined) {
						done();
					} else {
						fail(error);
					}
				});
			}),
			journal: async () => Promise.resolve(),
			close: async () => Promise.resolve(),
		};
	}

	const files: DurableFile[] = [];
	try {
		if (target.journal === null) {
			files.push(await createDurableFile(target.path), await createDurableFile(target.journalPath));
			await files[1]?.append(journalHeader(run.refs.map(ref => formatRef(ref)), run.gracePeriod, new Date()));
		} else {
			files.push(await openDurableFileForAppend(target.path), await openDurableFileForAppend(target.journalPath));
		}
	} catch (error) {
		await Promise.all(files.map(async file => file.close()));
		throw error instanceof ConfigError ? new UsageError(`--secret-out: ${error.message.replace(/^\[tokenkit\] /, '')}`) : error;
	}

	const [keys, journal] = files;
	if (keys === undefined || journal === undefined) {
		throw new Error('the secret file and its journal were not both opened');
	}

	return {
		keys: async text => keys.append(text),
		journal: async text => journal.append(text),
		async close() {
			await Promise.all([keys.close(), journal.close()]);
		},
	};
}

/** How finishing an interrupted replace went; `detail` says why it failed, `warning` what could not be recorded. */
interface RevokedOld {
	readonly state: 'deleted' | 'gone' | 'failed';
	readonly detail: string;
	readonly warning: string | null;
}

/** Finishes an interrupted replace: the new key is stored, so the old token goes. */
async function revokeOld(ref: TokenRef, providers: readonly TokenProvider[], sinks: Sinks, io: CliIo): Promise<RevokedOld> {
	const provider = providers.find(candidate => candidate.provider === ref.provider && candidate.account === ref.account);
	let state: 'deleted' | 'gone' = 'deleted';
	try {
		if (provider === undefined) {
			throw new Error(`no provider for account "${ref.account}"`);
		}

		await provider.delete(ref.id, {signal: io.signal});
	} catch (error) {
		// The earlier run may have sent the delete and died before its answer came: a token that is not found is
		// what deleting it was for. Saying "failed, revoke it" would send the user after a token that is gone.
		if (!(error instanceof NotFoundError)) {
			return {state: 'failed', detail: (error instanceof Error ? error.message : String(error)).replace(/[.\s]+$/, ''), warning: null};
		}

		state = 'gone';
	}

	try {
		await sinks.journal(revokedOldLine(formatRef(ref), new Date()));
		return {state, detail: '', warning: null};
	} catch (error) {
		return {state, detail: '', warning: `the old token is gone, but that could not be recorded in the journal: ${error instanceof Error ? error.message : String(error)}`};
	}
}

function describeProgress(ref: TokenRef, step: RefProgress, revokeCommand: RevokeCommand): string {
	switch (step.kind) {
		case 'rotate': {
			return 'to be rotated';
		}

		case 'done': {
			return `already rotated by the earlier run (new token ${step.newId})${step.old === 'pending-revocation' ? `; the old token is left for: ${revokeCommand(ref)}` : ''}`;
		}

		case 'revoke-old': {
			return `the earlier run stored the new key (token ${step.newId}) but did not delete the old token: it is deleted now`;
		}

		case 'check': {
			return `not rotated again: ${step.reason}`;
		}
	}
}

function outcomeLine(outcome: RotationOutcome, revokeCommand: RevokeCommand): string {
	const status = outcome.status === 'rotated' ? 'rotated' : outcome.status === 'failed' ? 'FAILED ' : 'skipped';
	return `${status} ${formatRef(outcome.ref)}: ${describeOutcome(outcome, revokeCommand)}`;
}

function nameOf(item: PlannedRotation): string | null {
	return item.action === 'unavailable' ? null : item.token?.name ?? null;
}

function label(ref: TokenRef, name: string | null): string {
	return name === null || name === '' ? formatRef(ref) : `${formatRef(ref)} (${JSON.stringify(name)})`;
}
