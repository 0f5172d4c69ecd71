import {describeReplacement, replaceStrategy} from '../../src/rotation/strategy.js';

/**
OpenAI has no rotate call for any key, and ids never carry over (docs/vendors/openai.md, rotation [S]): tokenkit mints
a twin, hands its key over, then deletes the old key, or leaves it to the caller for a grace period.
- An admin key's twin is a new admin key with the same name and lifetime.
- A service account's key gets a second key of the same service account: the account keeps its id, role and
  project, and only the key changes. It is not a new service account (that would change the account's id and
  drop its role), though creating one is how OpenAI hands out a service account's first key.
- A user's project key cannot be minted through the API at all; `Capabilities.forToken` says so for kind `personal` (index.ts).
Creates are not idempotent (a repeated POST makes a second key, [D]), so the mint is sent once and never repeated.
*/
export const openAIRotation = replaceStrategy({
	summary: 'replace (twin key, then delete old; admin and service-account keys, not a user\'s project key)',
	describePlan: describeReplacement('OpenAI mints a key with the same name and lifetime (for an admin key, a new admin key; for a service account\'s key, a second key of that account, without the old key\'s permission scopes, which OpenAI\'s API does not show) and it is written to the secret target', 'key'),
	afterLostAnswer({name, since, ref}) {
		const where = ref.id.includes('/') ? `the keys of project ${ref.id.split('/')[0] ?? ''}` : 'the organization\'s admin keys';
		return `OpenAI may have minted a key named "${name}" whose value never reached tokenkit: list ${where} and delete any "${name}" created${since} other than ${ref.id}; the old key works as before. Do not simply rotate again`;
	},
});
