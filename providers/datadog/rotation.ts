import {describeReplacement, replaceStrategy} from '../../src/rotation/strategy.js';

/**
Datadog has no rotate, regenerate or reset for any kind of key (docs/vendors/datadog.md, rotation [S][S+]): a key is
rotated by creating a twin (same name, and the same scopes, category or expiry rule), handing its key over, and then
deleting the old key, or leaving it for `tokenkit revoke` after the grace period. Deletion is immediate, so the grace
is held by the caller, as with Mist. The create is sent once: Datadog's create is not idempotent, and a second one
would make a second key nobody holds.
*/
export const datadogRotation = replaceStrategy({
	summary: 'replace (twin key, then delete old)',
	describePlan: describeReplacement('a new key with the same name and scopes (for an API key, its category and remote-config setting) is created and written to the secret target', 'key', 'deleted'),
	afterLostAnswer({name, since, ref}) {
		return `Datadog may have created a new key named "${name}" whose secret never reached tokenkit: list the account's keys and delete any "${name}" created${since} other than ${ref.id}; the old key works as before. Do not simply rotate again`;
	},
});
