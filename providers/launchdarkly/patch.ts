import type {ErrorContext} from '../../src/errors/index.js';
import type {UpdateTokenInput} from '../../src/provider.js';
import {privilegesToAccess} from './privileges.js';
import type {PatchOperation, Token as LaunchDarklyToken} from './schema.js';

/**
The RFC 6902 JSON Patch that turns `current` into what `change` asks for (docs/vendors/launchdarkly.md, update rules
[S]: a plain array of operations). Pure, so it is tested with tables of cases.
- A field the token has is `replace`d; one it lacks is `add`ed, because RFC 6902 §4.3 lets `replace` fail on
  a missing member and §4.1 lets `add` set one.
- New privileges replace the token's access as a whole. LaunchDarkly takes one kind of access at a time
  ([I]), so the kinds being left are `remove`d first (as the vendor's Terraform provider does, docs/vendors/launchdarkly.md [D]),
  then the new one is set. Empty `customRoleIds` or `inlineRole` lists are left alone: they grant nothing.
- Fields the change leaves out get no operation. An empty result means there is nothing to send.
*/
export function buildTokenPatch(current: LaunchDarklyToken, change: UpdateTokenInput, context: ErrorContext): PatchOperation[] {
	const operations: PatchOperation[] = [];
	const set = (path: string, present: boolean, value: unknown): void => {
		operations.push({op: present ? 'replace' : 'add', path, value});
	};

	if (change.name !== undefined) {
		set('/name', current.name !== undefined, change.name);
	}

	if (change.description !== undefined) {
		set('/description', current.description !== undefined, change.description);
	}

	if (change.privileges === undefined) {
		return operations;
	}

	const access = privilegesToAccess(change.privileges, context);
	const hasRole = current.role !== undefined;
	const customRoleIds = current.customRoleIds;
	const inlineRole = current.inlineRole;
	if (access.kind !== 'role' && hasRole) {
		operations.push({op: 'remove', path: '/role'});
	}

	if (access.kind !== 'custom-roles' && customRoleIds !== undefined && customRoleIds.length > 0) {
		operations.push({op: 'remove', path: '/customRoleIds'});
	}

	if (access.kind !== 'policy' && inlineRole !== undefined && inlineRole.length > 0) {
		operations.push({op: 'remove', path: '/inlineRole'});
	}

	switch (access.kind) {
		case 'role': {
			set('/role', hasRole, access.role);
			break;
		}

		case 'custom-roles': {
			set('/customRoleIds', customRoleIds !== undefined, access.customRoleIds);
			break;
		}

		case 'policy': {
			set('/inlineRole', inlineRole !== undefined, access.inlineRole);
			break;
		}
	}

	return operations;
}
