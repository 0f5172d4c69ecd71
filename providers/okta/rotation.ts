import {formatDuration} from '../../src/inventory/rotate/duration.js';
import {defineRotationStrategy} from '../../src/rotation/strategy.js';

/**
Okta rotates an OAuth client secret in two slots (docs/vendors/okta.md, client secrets [D]): a second secret is
created beside the first, both work, clients move to the new one, and then the old one is deactivated and
deleted. The client id stays; the secret gets a new id. Nothing stops the old secret by itself, so during a
grace period the caller holds it, as with a replacement; and the create is not repeated after a lost answer,
since a second new secret would take the client's last free slot.
*/
export const oktaClientSecretRotation = defineRotationStrategy({
	name: 'rotate',
	summary: 'new client secret beside the old one, then the old one deactivated and deleted',
	renews: 'new-id',
	oldKey: 'caller-revokes',
	retrySafe: false,
	done: 'rotated',
	describePlan(previous, revokeCommand) {
		const base = 'Okta creates a second secret for the same client and its value is written to the secret target';
		return previous.state === 'pending-revocation'
			? `${base}; the old secret keeps working until it is revoked (deactivated, then deleted), due ${formatDuration(previous.gracePeriod)} later with: ${revokeCommand}`
			: `${base}; then the old secret is deactivated and deleted`;
	},
	afterCrash({startedAt, ref}) {
		const app = ref === null ? 'the app' : `app ${ref.id.split('/')[0] ?? ''}`;
		return `Okta may have created a new client secret whose value was never stored; the old secret was not touched and works as before. `
			+ `Check the client secrets of ${app} for one created since ${startedAt}, deactivate and delete it (it holds one of the client's two slots), then rotate again with a new --secret-out file`;
	},
	afterLostAnswer({since, ref}) {
		return `Okta may have created a new client secret${since === '' ? '' : ` (created${since})`} whose value never reached tokenkit: list the client secrets of app ${ref.id.split('/')[0] ?? ''}, deactivate and delete any new one other than ${ref.id}, then rotate again; the old secret works as before. Do not simply rotate again: the client has only two slots`;
	},
});
