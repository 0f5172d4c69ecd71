import {describe, expect, it} from 'vitest';
import {buildTokenPatch} from '../../../providers/launchdarkly/patch.js';
import {privilegesToAccess, statementToPrivilege, type LaunchDarklyAccess} from '../../../providers/launchdarkly/privileges.js';
import type {Statement, Token as LaunchDarklyToken} from '../../../providers/launchdarkly/schema.js';
import {ConfigError} from '../../../src/errors/index.js';
import type {UpdateTokenInput} from '../../../src/provider.js';
import type {Privilege} from '../../../src/token.js';

const context = {provider: 'launchdarkly', account: 'ld-prod'};
const account = (role: string): Privilege => ({role, scope: 'account', resource: null});
const custom = (role: string): Privilege => ({role, scope: 'custom-role', resource: null});
const policy = (role: string, resource: string | null): Privilege => ({role, scope: 'policy', resource});

describe('privilegesToAccess', () => {
	it.each<[string, Privilege[], LaunchDarklyAccess]>([
		['a base role', [account('writer')], {kind: 'role', role: 'writer'}],
		['custom roles by id or key, duplicates once', [custom('token-manager'), custom('5f00aa'), custom('token-manager')], {kind: 'custom-roles', customRoleIds: ['token-manager', '5f00aa']}],
		['allow * on *', [policy('allow:*', '*')], {kind: 'policy', inlineRole: [{effect: 'allow', actions: ['*'], resources: ['*']}]}],
		['several actions and patterns', [policy('deny:updateOn, updateOff', 'proj/*:env/production;critical,pci:flag/*  proj/web:env/*')], {
			kind: 'policy',
			inlineRole: [{effect: 'deny', actions: ['updateOn', 'updateOff'], resources: ['proj/*:env/production;critical,pci:flag/*', 'proj/web:env/*']}],
		}],
		['not-actions and not-resources', [policy('allow:!deleteProject', '!proj/secret')], {kind: 'policy', inlineRole: [{effect: 'allow', notActions: ['deleteProject'], notResources: ['proj/secret']}]}],
		['custom roles as a listing shows them (key and name): the name is not read', [{role: 'flag-editor', scope: 'custom-role', resource: 'Flag editor'}], {kind: 'custom-roles', customRoleIds: ['flag-editor']}],
		['a listed token\'s privileges with its member\'s cap, which is not the token\'s to set', [account('admin'), {role: 'reader', scope: 'member-cap', resource: 'm1'}], {kind: 'role', role: 'admin'}],
	])('%s', (_name, privileges, access) => {
		expect(privilegesToAccess(privileges, context)).toEqual(access);
	});

	it.each<[string, Privilege[] | undefined, RegExp]>([
		['no privileges', undefined, /needs privileges/],
		['an empty list', [], /needs privileges/],
		['an unknown scope', [{role: 'admin', scope: 'org', resource: null}], /unknown privilege scope "org"/],
		['a mix of kinds', [account('reader'), custom('flag-editor')], /one kind of access/],
		['two base roles', [account('reader'), account('writer')], /exactly one base role/],
		['the owner role, which the API cannot give', [account('owner')], /use reader, writer or admin/],
		['a base role with a resource', [{role: 'reader', scope: 'account', resource: 'proj/x'}], /resource must be null/],
		['a custom role with an empty name', [custom(' ')], /names the role/],
		['only a member cap', [{role: 'reader', scope: 'member-cap', resource: 'm1'}], /needs privileges/],
		['a policy without an effect', [policy('*', '*')], /must start with allow: or deny:/],
		['a policy without actions', [policy('allow:', '*')], /names no action/],
		['a policy without resources', [policy('allow:*', null)], /names no resource pattern/],
	])('refuses %s with a ConfigError that shows the convention', (_name, privileges, message) => {
		const attempt = (): unknown => privilegesToAccess(privileges, context);
		expect(attempt).toThrow(ConfigError);
		expect(attempt).toThrow(message);
		expect(attempt).toThrow(/scope: 'custom-role'/);
	});

	it.each<Statement>([
		{effect: 'allow', actions: ['*'], resources: ['*']},
		{effect: 'deny', actions: ['updateOn', 'updateOff'], resources: ['proj/*:env/production:flag/*', 'proj/web:env/*:flag/*']},
		{effect: 'allow', notActions: ['deleteProject'], notResources: ['proj/secret', 'member/*']},
	])('reads back every statement it shows: %j', statement => {
		expect(privilegesToAccess([statementToPrivilege(statement)], context)).toEqual({kind: 'policy', inlineRole: [statement]});
	});
});

const roleToken: LaunchDarklyToken = {
	_id: '61095542756dba551110ae21',
	ownerId: 'o',
	memberId: 'm',
	name: 'ci',
	creationDate: 1,
	lastModified: 1,
	customRoleIds: [],
	inlineRole: [],
	role: 'reader',
	_links: {},
};

describe('buildTokenPatch', () => {
	it.each<[string, Partial<LaunchDarklyToken>, UpdateTokenInput, unknown[]]>([
		['nothing asked, nothing sent', {}, {}, []],
		['a name replaces the name', {}, {name: 'deploy'}, [{op: 'replace', path: '/name', value: 'deploy'}]],
		['a name is added when the token has none', {name: undefined}, {name: 'deploy'}, [{op: 'add', path: '/name', value: 'deploy'}]],
		['a description is added when the token has none', {}, {description: 'CI'}, [{op: 'add', path: '/description', value: 'CI'}]],
		['a description replaces one', {description: 'old'}, {description: ''}, [{op: 'replace', path: '/description', value: ''}]],
		['a new base role replaces the base role', {}, {privileges: [account('admin')]}, [{op: 'replace', path: '/role', value: 'admin'}]],
		['base role to custom roles: the role is removed first', {}, {privileges: [custom('flag-editor')]}, [
			{op: 'remove', path: '/role'},
			{op: 'replace', path: '/customRoleIds', value: ['flag-editor']},
		]],
		['custom roles to a policy', {role: undefined, customRoleIds: ['r1']}, {privileges: [policy('allow:*', 'proj/*')]}, [
			{op: 'remove', path: '/customRoleIds'},
			{op: 'replace', path: '/inlineRole', value: [{effect: 'allow', actions: ['*'], resources: ['proj/*']}]},
		]],
		['a policy to a base role, on a record without empty lists', {role: undefined, customRoleIds: undefined, inlineRole: [{effect: 'allow', actions: ['*'], resources: ['*']}]}, {privileges: [account('reader')]}, [
			{op: 'remove', path: '/inlineRole'},
			{op: 'add', path: '/role', value: 'reader'},
		]],
		['custom roles added where the record has no list', {role: undefined, customRoleIds: undefined, inlineRole: [{effect: 'allow', actions: ['*'], resources: ['*']}]}, {privileges: [custom('r2')]}, [
			{op: 'remove', path: '/inlineRole'},
			{op: 'add', path: '/customRoleIds', value: ['r2']},
		]],
		['name and privileges together', {}, {name: 'x', privileges: [account('writer')]}, [
			{op: 'replace', path: '/name', value: 'x'},
			{op: 'replace', path: '/role', value: 'writer'},
		]],
	])('%s', (_name, current, change, patch) => {
		expect(buildTokenPatch({...roleToken, ...current}, change, context)).toEqual(patch);
	});

	it('refuses privileges LaunchDarkly cannot take, before anything is sent', () => {
		expect(() => buildTokenPatch(roleToken, {privileges: [account('owner')]}, context)).toThrow(ConfigError);
	});
});
