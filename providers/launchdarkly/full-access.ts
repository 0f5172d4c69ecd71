import type {Statement} from './schema.js';

/**
Whether a policy (a token's inline role, a custom role's policy, or both together) grants LaunchDarkly's
full access: an `allow` statement for every action (`*`) on every resource (`*`), and no `deny` that takes
all of it back.

Which resources count as "every": only the bare `*`. LaunchDarkly's resource specifiers name a resource
type and then narrow it (`proj/*`, `proj/*:env/production:flag/*`, `member/*`, `role/*`, `acct`, …), so
`proj/*` is every project but nothing outside projects (members, roles, access tokens, account settings):
a policy of `*` on `proj/*` cannot manage the account and is not admin here, however wide it is. Listing
every top-level type by hand would be full access too, but the set of types grows with the product, so
tokenkit does not try to recognize it (a decision, not a vendor fact).
- A statement with `notActions` or `notResources` withholds something by construction: it does not count.
- A narrower `deny` still leaves a policy that can do nearly everything, so it stays full access (an audit
  should see it); the token's privileges show what is denied.
*/
export function policyGrantsEverything(statements: readonly Statement[]): boolean {
	return statements.some(statement => statement.effect === 'allow' && coversEverything(statement))
		&& !statements.some(statement => statement.effect === 'deny' && coversEverything(statement));
}

function coversEverything(statement: Statement): boolean {
	return (statement.actions ?? []).includes('*') && (statement.resources ?? []).includes('*')
		&& (statement.notActions ?? []).length === 0 && (statement.notResources ?? []).length === 0;
}
