import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {callerIdentityMissing, callerIdentityStranger, mistTwinMask, opalTwinPreview} from './modes/own-credential.js';
import {useHostileVendors, type HostileMode, type HostileVendor} from './vendor.js';

const startHostile = useHostileVendors();

const ReportSchema = v.object({
	tokens: v.array(v.looseObject({provider: v.string(), account: v.string(), name: v.string(), ownCredential: v.boolean()})),
	accounts: v.array(v.looseObject({provider: v.string(), account: v.string(), complete: v.boolean()})),
});

/** Runs `inventory --format json` against the fleet; checks every account completes and nothing leaks; returns the tokens. */
async function inventory(hostile: HostileVendor) {
	const {directory, env} = await hostile.writeConfig();
	const cli = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
	const code = await cli.done;
	expect(findLeaks([{where: 'stdout', text: cli.stdout()}, {where: 'stderr', text: cli.stderr()}], hostile.secrets())).toEqual([]);
	expect(code, cli.stderr()).toBe(0);
	const report = v.parse(ReportSchema, JSON.parse(cli.stdout()));
	expect(report.accounts.every(account => account.complete)).toBe(true);
	return report.tokens;
}

/** The names of the tokens marked as their account's credential, for the vendor the hostile server stands for. */
const marked = (tokens: Awaited<ReturnType<typeof inventory>>, vendor: string): string[] => tokens.filter(token => token.provider === vendor && token.ownCredential).map(token => `${token.account}/${token.name}`);

async function hostileWith(vendor: string, mode: (key: string) => HostileMode): Promise<HostileVendor> {
	let key = '';
	const hostile = await startHostile({vendor, tokens: 6, mode: async exchange => mode(key)(exchange)});
	key = hostile.entries.find(entry => entry.provider === vendor)?.apiKey ?? '';
	return hostile;
}

describe('a vendor whose hints cannot single out the credential', () => {
	it('Mist: two tokens showing the credential\'s masked key: neither is marked, and every account still lists', async () => {
		const hostile = await hostileWith('mist', key => mistTwinMask(`${key.slice(0, 4)}...${key.slice(-4)}`));
		const tokens = await inventory(hostile);
		const [first] = hostile.entries.filter(entry => entry.provider === 'mist');
		expect(marked(tokens, 'mist').filter(name => name.startsWith(`${first?.name ?? ''}/`))).toEqual([]);
		// The others, with honest answers, are still marked.
		expect(marked(tokens, 'opal')).toHaveLength(2);
		expect(marked(tokens, 'launchdarkly')).toHaveLength(2);
	});

	it('Opal: two tokens showing the credential\'s preview: neither is marked', async () => {
		const hostile = await hostileWith('opal', key => opalTwinPreview(key.slice(0, 5)));
		const tokens = await inventory(hostile);
		const [first] = hostile.entries.filter(entry => entry.provider === 'opal');
		expect(marked(tokens, 'opal').filter(name => name.startsWith(`${first?.name ?? ''}/`))).toEqual([]);
		expect(marked(tokens, 'mist')).toHaveLength(2);
	});
});

describe('a LaunchDarkly whose caller identity misbehaves', () => {
	it('is missing: the listing completes all the same, with nothing marked', async () => {
		const hostile = await startHostile({vendor: 'launchdarkly', tokens: 6, mode: callerIdentityMissing});
		const tokens = await inventory(hostile);
		expect(marked(tokens, 'launchdarkly')).toEqual([]);
		expect(hostile.server.requests.some(request => request.url === '/api/v2/caller-identity')).toBe(true);
	});

	it('names a token the account does not list, and echoes the key: nothing is marked, nothing leaks', async () => {
		const hostile = await startHostile({vendor: 'launchdarkly', tokens: 6, mode: callerIdentityStranger});
		const tokens = await inventory(hostile);
		expect(marked(tokens, 'launchdarkly')).toEqual([]);
		expect(hostile.server.requests.filter(request => request.url === '/api/v2/caller-identity')).toHaveLength(2);
	});
});
