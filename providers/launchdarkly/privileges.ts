import * as v from 'valibot';
import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import type {Privilege} from '../../src/token.js';
import {TokenRoleSchema, type Statement, type StatementPost, type TokenRole} from './schema.js';

/**
How LaunchDarkly's three ways of granting access read as normalized privileges, in both directions:

| LaunchDarkly | Privilege |
| --- | --- |
| base role `role: "writer"` | `{role: 'writer', scope: 'account', resource: null}` |
| custom roles `customRoleIds: ["a", "b"]` | one `{role: '<key>', scope: 'custom-role', resource: '<name>'}` per role, read from the account's roles; `{role: '<id>', scope: 'custom-role', resource: null}` for one tokenkit could not read |
| inline policy statement `{effect, actions, resources}` | one `{role: '<effect>:<actions>', scope: 'policy', resource: '<resources>'}` per statement |
| a personal token's member, when not an admin or owner | `{role: '<member role>', scope: 'member-cap', resource: '<member id>'}`: the most the token can do, whatever its own role |

When creating or updating, a custom role is named by key or id in `role` (its resource, the display name, is
not read), and `member-cap` privileges are left out: they describe the member, not the token.

In a policy privilege, actions are joined with `,` and resource patterns with a space (LaunchDarkly resource
specifiers use `,`, `;`, `:` and `/` but never a space). A `notActions` entry or a `notResources` pattern
carries a leading `!`. So `{effect: 'allow', actions: ['*'], resources: ['*']}` is
`{role: 'allow:*', scope: 'policy', resource: '*'}`, and
`{effect: 'deny', notActions: ['viewProject'], resources: ['proj/*']}` is
`{role: 'deny:!viewProject', scope: 'policy', resource: 'proj/*'}`.
*/
export const launchDarklyScopes = {account: 'account', customRole: 'custom-role', policy: 'policy', memberCap: 'member-cap'} as const;

/** What a token may do, in the one form LaunchDarkly takes at a time (docs/vendors/launchdarkly.md [I]: role, custom roles or inline policy). */
export type LaunchDarklyAccess =
	| {readonly kind: 'role'; readonly role: TokenRole}
	| {readonly kind: 'custom-roles'; readonly customRoleIds: readonly string[]}
	| {readonly kind: 'policy'; readonly inlineRole: readonly StatementPost[]};

/** One inline policy statement as a privilege (see {@link launchDarklyScopes}). Never throws: it reads vendor data. */
export function statementToPrivilege(statement: Statement): Privilege {
	const actions = [...statement.actions ?? [], ...(statement.notActions ?? []).map(action => `!${action}`)];
	const resources = [...statement.resources ?? [], ...(statement.notResources ?? []).map(resource => `!${resource}`)];
	return {
		role: `${statement.effect}:${actions.join(',')}`,
		scope: launchDarklyScopes.policy,
		resource: resources.length === 0 ? null : resources.join(' '),
	};
}

/**
Reads normalized privileges back into LaunchDarkly's access fields, for create and update. Anything
LaunchDarkly could not take as meant is a ConfigError before a request is sent: no privileges, a scope it
does not know, more than one kind of access, a base role outside `reader`/`writer`/`admin` (the create
enum, docs/vendors/launchdarkly.md [S] `AccessTokenPost.role`), or a policy privilege that is not `<effect>:<actions>` with patterns.
*/
export function privilegesToAccess(privileges: readonly Privilege[] | undefined, context: ErrorContext): LaunchDarklyAccess {
	const fail = (problem: string): never => {
		throw new ConfigError(`${problem}. ${convention}`, context);
	};

	// A token's listed privileges may be given back as they are: the member's cap is not the token's to set.
	const given = (privileges ?? []).filter(privilege => privilege.scope !== launchDarklyScopes.memberCap);
	if (given.length === 0) {
		return fail('a LaunchDarkly token needs privileges');
	}

	const scopes = new Set(given.map(privilege => privilege.scope));
	for (const scope of scopes) {
		if (!Object.values(launchDarklyScopes).some(known => known === scope)) {
			fail(`unknown privilege scope "${scope}"`);
		}
	}

	if (scopes.size > 1) {
		return fail('a LaunchDarkly token takes one kind of access: a base role, custom roles, or an inline policy, not a mix');
	}

	const [first] = given;
	switch (first?.scope) {
		case launchDarklyScopes.account: {
			if (given.length > 1) {
				return fail('a LaunchDarkly token has exactly one base role');
			}

			if (first.resource !== null) {
				return fail('a base role applies to the whole account, so its resource must be null');
			}

			const role = v.safeParse(TokenRoleSchema, first.role);
			return role.success ? {kind: 'role', role: role.output} : fail(`base role "${first.role}" cannot be given through the API; use reader, writer or admin`);
		}

		case launchDarklyScopes.customRole: {
			const ids = given.map(privilege => {
				if (privilege.role.trim() === '') {
					fail('a custom-role privilege names the role (its key or id) in `role`');
				}

				return privilege.role;
			});
			return {kind: 'custom-roles', customRoleIds: [...new Set(ids)]};
		}

		default: {
			return {kind: 'policy', inlineRole: given.map(privilege => privilegeToStatement(privilege, fail))};
		}
	}
}

const convention = 'Give one {role: \'reader\'|\'writer\'|\'admin\', scope: \'account\', resource: null}, or custom roles as {role: \'<id or key>\', scope: \'custom-role\', resource: null}, '
	+ 'or policy statements as {role: \'allow:<action>,…\', scope: \'policy\', resource: \'<pattern> …\'} (prefix a not-action or not-resource with !)';

function privilegeToStatement(privilege: Privilege, fail: (problem: string) => never): StatementPost {
	const match = /^(allow|deny):(.*)$/.exec(privilege.role);
	const effect = match?.[1];
	if (match === null || (effect !== 'allow' && effect !== 'deny')) {
		return fail(`policy privilege role "${privilege.role}" must start with allow: or deny:`);
	}

	const actions = split(match[2] ?? '', ',');
	const resources = split(privilege.resource ?? '', /\s+/);
	if (actions.all.length === 0) {
		return fail(`policy privilege "${privilege.role}" names no action`);
	}

	if (resources.all.length === 0) {
		return fail(`policy privilege "${privilege.role}" names no resource pattern`);
	}

	return {
		effect,
		...(actions.plain.length > 0 ? {actions: actions.plain} : {}),
		...(actions.negated.length > 0 ? {notActions: actions.negated} : {}),
		...(resources.plain.length > 0 ? {resources: resources.plain} : {}),
		...(resources.negated.length > 0 ? {notResources: resources.negated} : {}),
	};
}

function split(list: string, separator: string | RegExp): {all: string[]; plain: string[]; negated: string[]} {
	const all = list.split(separator).map(item => item.trim()).filter(item => item !== '' && item !== '!');
	return {
		all,
		plain: all.filter(item => !item.startsWith('!')),
		negated: all.filter(item => item.startsWith('!')).map(item => item.slice(1)),
	};
}
