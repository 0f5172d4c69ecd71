import {spawn} from 'node:child_process';
import {readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {cliPath, finished, tokenkit} from './built-cli.js';
import {useSimulateProcess} from './simulate-process.js';

/**
The built command against `tokenkit simulate` in another process: audit gates, rotate then inventory,
revoke, and an interrupt, each with the exit code a script would see.
*/

const InventorySchema = v.object({tokens: v.array(v.looseObject({provider: v.string(), account: v.string(), id: v.string(), name: v.string()})), accounts: v.array(v.looseObject({complete: v.boolean()}))});

const simulated = useSimulateProcess('tokenkit-e2e-', ['--tokens', '8', '--seed', '5', '--latency', '20', '--no-rate-limits']);

async function inventory() {
	const result = await tokenkit(['inventory', '--format', 'json', '--quiet'], {cwd: simulated.directory});
	expect(result.code, result.stderr).toBe(0);
	return v.parse(InventorySchema, JSON.parse(result.stdout));
}

describe('the built tokenkit command, end to end', () => {
	it('audit exits 0 without a gate and 3 when findings reach --fail-on', async () => {
		const plain = await tokenkit(['audit', '--format', 'json', '--quiet'], {cwd: simulated.directory});
		expect(plain.code).toBe(0);
		const report = v.parse(v.looseObject({findings: v.array(v.looseObject({severity: v.string(), ref: v.string()}))}), JSON.parse(plain.stdout));
		expect(report.findings.some(finding => finding.severity === 'high')).toBe(true);

		const gated = await tokenkit(['audit', '--format', 'json', '--quiet', '--fail-on', 'high'], {cwd: simulated.directory});
		expect(gated.code).toBe(3);
	});

	it('rotates a LaunchDarkly token: the new key lands only in the 0600 file, and inventory shows the same token', async () => {
		const before = await inventory();
		const target = before.tokens.find(token => token.provider === 'launchdarkly' && !token.name.startsWith('tokenkit-'));
		expect(target).toBeDefined();
		const ref = `launchdarkly:${target?.account ?? ''}:${target?.id ?? ''}`;
		const rotated = await tokenkit(['rotate', ref, '--grace', '1h', '--secret-out', 'keys.jsonl', '--yes'], {cwd: simulated.directory});
		expect(rotated.code, rotated.stderr).toBe(0);
		const file = join(simulated.directory, 'keys.jsonl');
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		const [line] = (await readFile(file, 'utf8')).trim().split('\n');
		const record = v.parse(v.object({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()}), JSON.parse(line ?? ''));
		expect(record.ref).toBe(ref);
		expect(`${rotated.stdout}${rotated.stderr}`).not.toContain(record.key);

		const after = await inventory();
		expect(after.tokens.map(token => token.id).sort()).toEqual(before.tokens.map(token => token.id).sort());
		const again = await tokenkit(['inventory', '--format', 'csv', '--quiet'], {cwd: simulated.directory});
		expect(again.stdout).not.toContain(record.key);
	});

	it('revokes a Mist token: it is gone from the next inventory; without --yes and no terminal it refuses', async () => {
		const before = await inventory();
		const target = before.tokens.find(token => token.provider === 'mist' && !token.name.startsWith('tokenkit-'));
		const ref = `mist:${target?.account ?? ''}:${target?.id ?? ''}`;
		const refused = await tokenkit(['revoke', ref], {cwd: simulated.directory});
		expect(refused.code).toBe(2);
		expect((await inventory()).tokens.map(token => token.id)).toContain(target?.id);

		const revoked = await tokenkit(['revoke', ref, '--yes'], {cwd: simulated.directory});
		expect(revoked.code, revoked.stderr).toBe(0);
		const after = await inventory();
		expect(after.tokens.map(token => token.id)).not.toContain(target?.id);
		expect(after.tokens).toHaveLength(before.tokens.length - 1);
	});

	it('an Opal rotation fails with what to do instead, exit 1', async () => {
		const opal = simulated.vendors.find(vendor => vendor.vendor === 'opal');
		const listed = await inventory();
		const target = listed.tokens.find(token => token.provider === 'opal' && token.account === opal?.accounts[0]?.name);
		const result = await tokenkit(['rotate', `opal:${target?.account ?? ''}:${target?.id ?? ''}`, '--secret-out', 'opal.jsonl', '--yes'], {cwd: simulated.directory});
		expect(result.code).toBe(1);
		expect(`${result.stdout}${result.stderr}`).toContain('web UI');
	});

	it('SIGINT during an inventory ends it with exit 130 and an honest, incomplete report', async () => {
		const child = spawn(process.execPath, [cliPath, 'inventory', '--format', 'json', '--concurrency', '1', '--quiet'], {cwd: simulated.directory, stdio: ['ignore', 'pipe', 'pipe']});
		const done = finished(child);
		// The report's first bytes mean the command is running; with one account at a time and 20 ms a request,
		// the six accounts are far from done when the signal lands.
		await new Promise<void>(resolve => {
			child.stdout.once('data', () => {
				resolve();
			});
		});
		child.kill('SIGINT');
		const result = await done;
		expect(result.code).toBe(130);
		const report = v.parse(InventorySchema, JSON.parse(result.stdout));
		expect(report.accounts.some(account => !account.complete)).toBe(true);
	});
});
