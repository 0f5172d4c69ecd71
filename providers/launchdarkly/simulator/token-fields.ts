import * as v from 'valibot';
import {AccessTokenPostSchema, StatementPostSchema, TokenRoleSchema, type AccessTokenPost, type Statement} from '../schema.js';
import type {Account} from './model.js';

/** What a token may do: exactly one of a base role, custom roles or an inline policy. */
export interface TokenAccess {
	readonly role: string | undefined;
	readonly customRoleIds: string[];
	readonly inlineRole: Statement[];
}

export type Checked<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly message: string};

/** The create body, checked against `AccessTokenPost`; unknown fields are ignored as the API ignores them ([I]). */
export function checkCreateBody(body: unknown): Checked<AccessTokenPost> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return {ok: false, message: 'the request body must be a JSON object'};
	}

	const result = v.safeParse(AccessTokenPostSchema, body);
	if (!result.success) {
		const [issue] = result.issues;
		return {ok: false, message: `invalid ${v.getDotPath(issue) ?? 'body'}: ${issue.message}`};
	}

	return {ok: true, value: result.output};
}

/**
Checks and normalizes what a token may do, for create and after a patch.
- Exactly one of `role`, `customRoleIds` or `inlineRole` ([I]: the spec marks none required; the vendor's
  Terraform provider treats the three as alternatives, and a token with none could do nothing).
- A new base role is `reader`, `writer` or `admin` (the create enum, docs/vendors/launchdarkly.md [S]); a role the token already
  holds (`owner`, given in the UI) may stay.
- Custom roles are stored as ids. A create may name them by key too (the vendor's Terraform provider once
  sent keys on create, docs/vendors/launchdarkly.md [D] sources); a patch must give ids (the same provider looks each key up before
  it patches, "the LD API expects custom role IDs"). An unknown role is refused.
- Each inline statement has an effect, `resources` or `notResources` (not both), and `actions` or
  `notActions` (not both), as the Statement field texts require.
*/
export function checkAccess(
	account: Account,
	fields: {readonly role?: unknown; readonly customRoleIds?: unknown; readonly inlineRole?: unknown},
	options: {readonly rolesBy: 'id' | 'id or key'; readonly currentRole?: string | undefined},
): Checked<TokenAccess> {
	const {role} = fields;
	const {currentRole} = options;
	if (role !== undefined && role !== currentRole && !v.is(TokenRoleSchema, role)) {
		return {ok: false, message: 'role must be one of reader, writer or admin'};
	}

	if (role !== undefined && typeof role !== 'string') {
		return {ok: false, message: 'role must be a string'};
	}

	const customRoles = fields.customRoleIds ?? [];
	if (!Array.isArray(customRoles) || !customRoles.every(item => typeof item === 'string')) {
		return {ok: false, message: 'customRoleIds must be an array of strings'};
	}

	const customRoleIds: string[] = [];
	for (const reference of customRoles) {
		const found = account.customRoles.find(candidate => candidate.id === reference || (options.rolesBy === 'id or key' && candidate.key === reference));
		if (found === undefined) {
			return {ok: false, message: options.rolesBy === 'id' ? `unknown custom role id "${reference}" (customRoleIds takes role ids, not keys)` : `unknown custom role "${reference}"`};
		}

		customRoleIds.push(found.id);
	}

	const statements = v.safeParse(v.array(StatementPostSchema), fields.inlineRole ?? []);
	if (!statements.success) {
		return {ok: false, message: 'inlineRole must be an array of policy statements with an effect of allow or deny'};
	}

	for (const [index, statement] of statements.output.entries()) {
		const problem = statementProblem(statement);
		if (problem !== null) {
			return {ok: false, message: `inlineRole[${index}]: ${problem}`};
		}
	}

	const kinds = [role !== undefined, customRoleIds.length > 0, statements.output.length > 0].filter(Boolean).length;
	if (kinds !== 1) {
		return {ok: false, message: kinds === 0 ? 'a token needs a role, customRoleIds or an inlineRole' : 'a token takes only one of role, customRoleIds or inlineRole'};
	}

	return {ok: true, value: {role, customRoleIds: [...new Set(customRoleIds)], inlineRole: statements.output}};
}

function statementProblem(statement: Statement): string | null {
	const has = (list: readonly string[] | undefined): boolean => list !== undefined && list.length > 0;
	if (has(statement.resources) === has(statement.notResources)) {
		return 'give exactly one of resources or notResources';
	}

	if (has(statement.actions) === has(statement.notActions)) {
		return 'give exactly one of actions or notActions';
	}

	return null;
}

/** An optional string field after a patch: absent or a string. */
export function optionalString(value: unknown, name: string): Checked<string | undefined> {
	if (value === undefined || typeof value === 'string') {
		return {ok: true, value};
	}

	return {ok: false, message: `${name} must be a string`};
}
