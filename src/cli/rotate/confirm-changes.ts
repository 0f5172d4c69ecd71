import {describePlanned, type RevokeCommand} from '../../inventory/rotate/describe.js';
import {formatDuration} from '../../inventory/rotate/duration.js';
import type {RefProgress} from '../../inventory/rotate/journal.js';
import {ownCredentialsLast, type PlannedRotation, type RotationPlan} from '../../inventory/rotate/plan.js';
import {formatRef, type TokenRef} from '../../inventory/rotate/ref.js';
import {proposeAndConfirm} from '../confirm.js';
import type {CommandIo} from '../io.js';
import {label, nameOf} from './labels.js';
import type {StepOf} from './resume.js';
import type {RunReport} from './run-report.js';

/** What a run is about to do, for the person asked to agree to it. */
export interface Changes {
	readonly refs: readonly TokenRef[];
	readonly plan: RotationPlan;
	readonly stepOf: StepOf;
	readonly gracePeriod: number;
	/** The secret file, or stdout. */
	readonly keysTo: string;
	readonly yes: boolean;
}

/** Shows the plan and asks, when something would change and --yes was not given; true to go ahead. */
export async function confirmChanges(changes: Changes, report: RunReport, io: CommandIo): Promise<boolean> {
	const {refs, plan, stepOf} = changes;
	const count = plan.items.filter(item => item.action === 'rotate').length + refs.filter(ref => stepOf(ref).kind === 'revoke-old').length;
	// The plan is for the person about to answer; with --yes the outcomes below say it all.
	if (count === 0 || changes.yes) {
		return true;
	}

	return proposeAndConfirm(io, report.stream, {
		heading: `Plan (grace ${formatDuration(changes.gracePeriod)}; new keys to ${changes.keysTo}):`,
		// In the order they will be carried out: an own credential last.
		items: ownCredentialsLast(refs, ref => isOwnCredential(planned(plan, ref))).map(ref => {
			const item = planned(plan, ref);
			return `${label(ref, item === undefined ? null : nameOf(item))}: ${item === undefined ? describeProgress(ref, stepOf(ref), report.revokeCommand) : describePlanned(item, report.revokeCommand)}`;
		}),
		question: `Change ${count} token${count === 1 ? '' : 's'} as planned?`,
		declined: 'Not confirmed: nothing was changed.',
	});
}

function planned(plan: RotationPlan, ref: TokenRef): PlannedRotation | undefined {
	return plan.items.find(candidate => formatRef(candidate.ref) === formatRef(ref));
}

function isOwnCredential(item: PlannedRotation | undefined): boolean {
	return item !== undefined && item.action !== 'unavailable' && item.token?.ownCredential === true;
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
