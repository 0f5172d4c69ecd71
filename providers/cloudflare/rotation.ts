import {sameIdRollStrategy} from '../../src/rotation/strategy.js';

/**
Cloudflare's roll (`PUT …/tokens/{id}/value`): a new secret for the same token, the old secret dead at once, no
grace period and no way to ask for one (docs/vendors/cloudflare.md, rotation [S][D]). Every roll mints a new
secret and Cloudflare takes no idempotency key, so a roll whose answer is lost is never sent again: a second roll
would kill the secret the first one made, which nobody saw.
*/
export const cloudflareRotation = sameIdRollStrategy({
	afterLostAnswer: ({ref}) => `Cloudflare may have rolled token ${ref.id}: if so, its old secret no longer works and the new one never reached tokenkit. `
		+ 'Check whether the old secret still works (GET /user/tokens/verify or /accounts/{account_id}/tokens/verify with it as the bearer token) before rolling again; do not simply roll again',
	afterKeyLost: () => 'The roll is done: the old secret no longer works, and the new one could not be stored. Roll the token again to get a secret you can keep',
	noGrace: ref => `${ref}: --grace cannot be given: Cloudflare's roll invalidates the current secret at once and takes no grace period. `
		+ 'Roll without --grace with the secret\'s users ready to switch; or, for an overlap, create a second token with the same policies, move to it, then revoke this one',
});
