import {describe, expect, it} from 'vitest';
import {parseReport} from '../reliability/support.js';
import {filesUnder, findLeaks, type Captured} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {credentialEchoedInError, credentialEchoes, credentialInExtraFields, credentialOf} from './modes/secrets.js';
import {isObject, rewriteJson, useHostileVendors, type HostileMode} from './vendor.js';

const startHostile = useHostileVendors();

/** GitLab records whose name and description carry the key the list was asked with (a vendor echoing what it got). */
const credentialInNames: HostileMode = async exchange => {
	const key = credentialOf(exchange.request);
	return rewriteJson((body, request) => {
		if (request.method === 'GET' && Array.isArray(body)) {
			for (const record of body) {
				if (isObject(record)) {
					record['name'] = `ci-${key.slice(0, 14)}`;
					record['description'] = `issued as ${key}`;
				}
			}
		}

		return body;
	})(exchange);
};

/** Runs tokenkit in every format, keeping what it printed. */
async function everyFormat(place: {directory: string; env: NodeJS.ProcessEnv}, command: 'inventory' | 'audit', printed: Captured[], expectedCode: number) {
	for (const format of ['json', 'ndjson', 'csv', 'table', 'markdown']) {
		const cli = startCli([command, '--format', format, '--output', `${command}.${format}`], {env: place.env, cwd: place.directory});
		expect(await cli.done, cli.stderr()).toBe(expectedCode);
		printed.push({where: `${command} ${format} stdout`, text: cli.stdout()}, {where: `${command} ${format} stderr`, text: cli.stderr()});
	}
}

describe('GitLab answers that carry the credential', () => {
	it.each([
		['in the names and descriptions of tokens', credentialInNames],
		['in fields no schema names', credentialInExtraFields],
	] as const)('%s: every format of inventory and audit is scrubbed', async (_name, mode) => {
		const hostile = await startHostile({vendor: 'gitlab', mode, tokens: 6});
		const place = await hostile.writeConfig();
		const printed: Captured[] = [];
		const json = startCli(['inventory', '--format', 'json'], {env: place.env, cwd: place.directory});
		expect(await json.done, json.stderr()).toBe(0);
		expect(parseReport(json.stdout()).tokens.filter(token => token.provider === 'gitlab').length).toBeGreaterThan(0);
		printed.push({where: 'inventory stdout', text: json.stdout()}, {where: 'inventory stderr', text: json.stderr()});
		await everyFormat(place, 'inventory', printed, 0);
		await everyFormat(place, 'audit', printed, 0);
		expect(findLeaks([...printed, ...await filesUnder(place.directory)], hostile.secrets())).toEqual([]);
	});

	it.each(Object.entries(credentialEchoes))('an error echoing it (%s) fails that account only, scrubbed', async (_name, echo) => {
		const hostile = await startHostile({vendor: 'gitlab', mode: credentialEchoedInError(echo), tokens: 3});
		const place = await hostile.writeConfig();
		const cli = startCli(['inventory', '--format', 'json'], {env: place.env, cwd: place.directory});
		expect(await cli.done).toBe(1);
		expect(cli.stderr()).toContain('[redacted]');
		const report = parseReport(cli.stdout());
		expect(report.accounts.filter(account => !account.complete).map(account => account.provider)).toEqual(['gitlab', 'gitlab']);
		expect(findLeaks([{where: 'stdout', text: cli.stdout()}, {where: 'stderr', text: cli.stderr()}], hostile.secrets())).toEqual([]);
	});
});
