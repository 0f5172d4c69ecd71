/**
LaunchDarkly's base roles, weakest first: the one place that orders them, for the adapter (a personal
token's access is capped by its member's role) and the simulator (which enforces that cap).

`no_access` is a base role a member may hold (the spec's member-invite text lists it with `reader`,
`writer` and `admin`); `owner` is the account owner's, above `admin`. Custom roles are not base roles and
have no place in this order: what they allow is in their policy (see custom-roles.ts).
*/
export const baseRoles = ['no_access', 'reader', 'writer', 'admin', 'owner'] as const;
export type BaseRole = (typeof baseRoles)[number];

/** The role's place in {@link baseRoles}, or null for anything that is not a base role (a custom role key, a future value). */
export function baseRoleRank(role: string): number | null {
	const rank = baseRoles.findIndex(known => known === role);
	return rank === -1 ? null : rank;
}

/** Whether a base role is `floor` or stronger; null when `role` is not a base role. */
export function atLeast(role: string, floor: BaseRole): boolean | null {
	const rank = baseRoleRank(role);
	return rank === null ? null : rank >= baseRoles.indexOf(floor);
}

/**
Whether a member's base role lets the member's personal tokens hold full access: true for `admin` and
`owner`, false for `reader` and `writer`, null when it does not say.

[I] The token record embeds only the member's base role (`_member.role`), not the custom roles the member
may hold besides it; LaunchDarkly's own text says the base role is in effect when there are no additional
roles. tokenkit leans to trusting a `reader` or `writer` base role as the member's whole access (the
alternative, "cannot tell" for every personal token, would say nothing at all). `no_access` it does not
trust that way: a member with no access who keeps tokens in use draws that access from custom roles the
summary does not show, so for `no_access`, as for a role name it does not know, the cap is unknown.
*/
export function memberAllowsAdmin(memberRole: string): boolean | null {
	return memberRole === 'no_access' ? null : atLeast(memberRole, 'admin');
}
