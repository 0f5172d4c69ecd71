import {describePlanned, type RevokeCommand} from '../../inventory/rotate/describe.js';
import {formatDuration} from '../../inventory/rotate/duration.js';
import {planRotation, type PlanRotationOptions} from '../../inventory/rotate/plan.js';
import type {TokenRef} from '../../inventory/rotate/ref.js';
import type {TokenProvider} from '../../provider.js';
import {exitCodes} from '../exit-codes.js';
import type {CommandIo} from '../io.js';
import {label, nameOf} from './labels.js';

/** `rotate --dry-run`: prints what each REF would come to; only reads are sent. Fails when a REF cannot be rotated. */
export async function dryRunPlan(refs: readonly TokenRef[], providers: readonly TokenProvider[], options: PlanRotationOptions, revokeCommand: RevokeCommand, io: CommandIo): Promise<number> {
	const plan = await planRotation(refs, providers, {...options, signal: io.signal});
	io.stdout.write(`Plan (grace ${formatDuration(plan.gracePeriod)}):\n`);
	for (const item of plan.items) {
		io.stdout.write(io.redactor.scrub(`  ${label(item.ref, nameOf(item))}: ${describePlanned(item, revokeCommand)}\n`));
	}

	const blocked = plan.items.filter(item => item.action !== 'rotate').length;
	io.stdout.write(`Dry run: nothing was changed. ${plan.items.length - blocked} of ${plan.items.length} can be rotated.\n`);
	return blocked > 0 ? exitCodes.failure : exitCodes.ok;
}
