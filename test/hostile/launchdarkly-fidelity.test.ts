import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {rolesForbidden} from './modes/launchdarkly-fidelity.js';
import {useHostileVendors} from './vendor.js';

const startHostile = useHostileVendors();

const Privilege = v.object({role: v.string(), scope: v.string(), resource: v.nullable(v.string())});
const Inventory = v.object({
	tokens: v.array(v.looseObject({provider: v.string(), name: v.string(), admin: v.nullable(v.boolean()), privileges: v.array(Privilege)})),
	accounts: v.array(v.looseObject({provider: v.string(), complete: v.boolean()})),
});
const Audit = v.looseObject({findings: v.array(v.looseObject({ref: v.string(), policy: v.string(), severity: v.string()}))});

describe('LaunchDarkly custom roles from a hostile vendor', () => {
	it('a roles API that refuses the key leaves custom-role tokens "cannot tell", flagged admin-unknown, the listing complete and nothing leaked', async () => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: rolesForbidden, tokens: 40, others: false});
		const {directory, env} = await hostile.writeConfig();

		const inventory = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
		expect(await inventory.done).toBe(0);
		const report = v.parse(Inventory, JSON.parse(inventory.stdout()));
		expect(report.accounts.every(account => account.complete)).toBe(true);
		const customRole = report.tokens.filter(token => token.privileges.some(privilege => privilege.scope === 'custom-role'));
		expect(customRole.length).toBeGreaterThan(0);
		// A full-access role could hide behind any of them, unless the member's role already rules it out.
		expect(customRole.every(token => token.admin === null || (!token.admin && token.privileges.some(privilege => privilege.scope === 'member-cap')))).toBe(true);
		expect(customRole.some(token => token.admin === null)).toBe(true);
		expect(report.tokens.filter(token => token.admin === null).every(token => token.privileges.some(privilege => privilege.scope === 'custom-role' && privilege.resource === null))).toBe(true);

		const audit = startCli(['audit', '--format', 'json'], {env, cwd: directory});
		expect(await audit.done).toBe(0);
		const findings = v.parse(Audit, JSON.parse(audit.stdout())).findings.filter(finding => finding.policy === 'admin-unknown');
		expect(findings).toHaveLength(report.tokens.filter(token => token.admin === null).length);
		expect(findings.every(finding => finding.severity === 'medium')).toBe(true);

		// One refused roles request per account and run: the answer is kept for the provider's life.
		expect(hostile.server.requests.filter(request => request.url.startsWith('/api/v2/roles'))).toHaveLength(2 * hostile.entries.length);
		const printed = [inventory, audit].flatMap(cli => [{where: 'stdout', text: cli.stdout()}, {where: 'stderr', text: cli.stderr()}]);
		expect(findLeaks(printed, hostile.secrets())).toEqual([]);
	});
});
