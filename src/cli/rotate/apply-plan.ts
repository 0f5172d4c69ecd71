import {applyRotation, type RotationEvent} from '../../inventory/rotate/apply.js';
import {journalLine} from '../../inventory/rotate/journal.js';
import type {RotationOutcome} from '../../inventory/rotate/outcome.js';
import type {RotationPlan} from '../../inventory/rotate/plan.js';
import {formatRef} from '../../inventory/rotate/ref.js';
import {secretRecord} from '../../inventory/rotate/secret-record.js';
import type {CommandIo} from '../io.js';
import type {RunReport} from './run-report.js';
import type {Sinks} from './sinks.js';

/** Carries out `plan`: each new key goes to the keys sink, each step to the journal, each outcome to the report once. */
export async function applyPlan(plan: RotationPlan, sinks: Sinks, report: RunReport, io: CommandIo): Promise<void> {
	const reported = new Set<RotationOutcome>();
	const tell = (outcome: RotationOutcome): void => {
		reported.add(outcome);
		report.outcome(outcome);
	};

	const outcomes = await applyRotation(plan, {
		async onMinted(minted, item) {
			await sinks.keys(secretRecord(minted, item.ref));
		},
		async onEvent(event: RotationEvent) {
			try {
				await sinks.journal(journalLine(event, io.redactor));
			} finally {
				// Reported as it happens, even when the journal could not take it.
				if (event.type === 'finished') {
					tell(event.outcome);
				}
			}
		},
		signal: io.signal,
	});
	// An outcome that never reached the journal (its start or its end could not be recorded) is said here.
	const reportedRefs = new Set([...reported].map(outcome => formatRef(outcome.ref)));
	for (const outcome of outcomes.filter(candidate => !reported.has(candidate))) {
		if (!reportedRefs.has(formatRef(outcome.ref))) {
			tell(outcome);
		} else if (outcome.status !== 'skipped' && outcome.warning !== null) {
			report.warn(outcome.ref, outcome.warning);
		}
	}
}
