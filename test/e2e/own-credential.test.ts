import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {tokenkit, type Finished} from './built-cli.js';
import {useSimulateProcess} from './simulate-process.js';

/**
The key tokenkit authenticates with, through the built command: marked in inventory and audit, refused by
rotate and revoke without --include-own-credential, and rotated last with it, so the other REFs of its
account are done before its key dies.
*/

const runs: Finished[] = [];

const simulated = useSimulateProcess('tokenkit-own-', ['--tokens', '6', '--seed', '4', '--no-rate-limits']);

async function run(argv: readonly string[]): Promise<Finished> {
	const result = await tokenkit(argv, {cwd: simulated.directory});
	runs.push(result);
	return result;
}

const TokenListSchema = v.object({tokens: v.array(v.looseObject({provider: v.string(), account: v.string(), id: v.string(), name: v.string(), ownCredential: v.boolean()}))});

async function listed() {
	const result = await run(['inventory', '--format', 'json', '--quiet']);
	expect(result.code, result.stderr).toBe(0);
	return v.parse(TokenListSchema, JSON.parse(result.stdout)).tokens;
}

describe('the account\'s own credential, through the built command', () => {
	it('is marked once per account in json and with * in the table, whose REF column rotate takes', async () => {
		const tokens = await listed();
		for (const vendor of simulated.vendors) {
			// GitHub is signed in to as an App: its installation token is none of the grants listed. Datadog signs in with
			// two keys, an API key and an application key, and lists both.
			const marked = vendor.vendor === 'github' ? 0 : vendor.vendor === 'datadog' ? 2 : 1;
			for (const account of vendor.accounts) {
				expect(tokens.filter(token => token.account === account.name && token.ownCredential), account.name).toHaveLength(marked);
			}
		}

		const table = await run(['inventory', '--format', 'table', '--quiet', '--provider', 'mist']);
		expect(table.code).toBe(0);
		const own = tokens.find(token => token.provider === 'mist' && token.ownCredential);
		const ownRow = table.stdout.split('\n').find(line => line.endsWith(`mist:${own?.account ?? ''}:${own?.id ?? ''}`));
		expect(ownRow).toMatch(new RegExp(`^mist\\s+${own?.account ?? ''}\\s+${own?.name ?? ''} \\*\\s`));
		expect(table.stdout).toContain('* the key tokenkit authenticates with for that account');

		const audit = await run(['audit', '--format', 'json', '--quiet']);
		const findings = v.parse(v.object({findings: v.array(v.looseObject({ref: v.string(), ownCredential: v.boolean()}))}), JSON.parse(audit.stdout)).findings;
		expect(findings.filter(finding => finding.ownCredential).map(finding => finding.ref)).toContain(`mist:${own?.account ?? ''}:${own?.id ?? ''}`);
	});

	it('is refused by rotate and revoke without --include-own-credential, saying why; nothing changes', async () => {
		const tokens = await listed();
		const own = tokens.find(token => token.provider === 'mist' && token.account === 'mist-org-1' && token.ownCredential);
		const ref = `mist:mist-org-1:${own?.id ?? ''}`;

		const plan = await run(['rotate', ref, '--dry-run']);
		expect(plan.code).toBe(1);
		expect(plan.stdout).toContain(`${ref} ("${own?.name ?? ''}"): not rotated: this is the key tokenkit authenticates with for mist-org-1`);

		const rotate = await run(['rotate', ref, '--secret-out', 'refused.jsonl', '--yes']);
		expect(rotate.code).toBe(1);
		expect(rotate.stdout).toContain(`FAILED  ${ref}: not rotated: this is the key tokenkit authenticates with for mist-org-1`);

		const revoke = await run(['revoke', ref, '--yes']);
		expect(revoke.code).toBe(1);
		expect(revoke.stdout).toContain(`FAILED  ${ref}: not revoked: this is the key tokenkit authenticates with for mist-org-1`);
		expect((await listed()).map(token => token.id)).toContain(own?.id);
	});

	it('with --include-own-credential, a Mist rotation with no grace does every other REF of the account first, then the key itself', async () => {
		const tokens = await listed();
		const mine = tokens.filter(token => token.provider === 'mist' && token.account === 'mist-org-2');
		const own = mine.find(token => token.ownCredential);
		const others = mine.filter(token => !token.ownCredential && !token.name.startsWith('tokenkit-')).slice(0, 2);
		const refs = [own, ...others].map(token => `mist:mist-org-2:${token?.id ?? ''}`);

		const plan = await run(['rotate', ...refs, '--dry-run', '--include-own-credential']);
		expect(plan.code).toBe(0);
		const planned = plan.stdout.split('\n').filter(line => line.startsWith('  '));
		expect(planned.at(-1)).toContain(`${refs[0] ?? ''} ("${own?.name ?? ''}"): replace:`);
		expect(planned.at(-1)).toContain('Warning: this is the key tokenkit authenticates with for mist-org-2: after this, the config holds a dead key');

		const rotated = await run(['rotate', ...refs, '--include-own-credential', '--secret-out', 'own.jsonl', '--yes']);
		expect(rotated.code, rotated.stdout + rotated.stderr).toBe(0);
		const order = rotated.stdout.split('\n').filter(line => line.startsWith('rotated ')).map(line => line.split(':').slice(0, 3).join(':').replace('rotated ', ''));
		expect(order).toEqual([...refs.slice(1), refs[0]]);
		const keys = (await readFile(join(simulated.directory, 'own.jsonl'), 'utf8')).trim().split('\n').map(line => v.parse(v.object({rotated: v.string(), key: v.string()}), JSON.parse(line)));
		expect(keys.map(key => key.rotated)).toEqual([...refs.slice(1), refs[0]]);

		// As the warning said: the config's key for that account is dead now.
		const after = await run(['inventory', '--format', 'json', '--quiet', '--account', 'mist-org-2']);
		expect(after.code).toBe(1);
		expect(after.stderr).toContain('401');

		const secrets = [...simulated.vendors.flatMap(vendor => vendor.accounts.map(account => account.apiKey)), ...keys.map(key => key.key)];
		const printed = runs.flatMap((result, index) => [{where: `run ${index} stdout`, text: result.stdout}, {where: `run ${index} stderr`, text: result.stderr}]);
		// The App keys simulate wrote beside the config (*.pem) are config too.
		const written = (await filesUnder(simulated.directory, new Set([join(simulated.directory, 'own.jsonl'), join(simulated.directory, 'tokenkit.yaml')]))).filter(file => !file.where.endsWith('.pem'));
		expect(findLeaks([...printed, ...written], secrets)).toEqual([]);
	});
});
