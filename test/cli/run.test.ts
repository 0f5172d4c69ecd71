import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {run} from '../../src/cli/run.js';
import {startCli} from '../support/run-cli.js';

interface Ran {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs the command in-process and captures both streams. */
async function tokenkit(...argv: string[]): Promise<Ran> {
	const cli = startCli(argv);
	const code = await cli.done;
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

describe('tokenkit', () => {
	it.each([['--version'], ['-v']])('prints the package version for %s and exits 0', async flag => {
		expect(await tokenkit(flag)).toEqual({code: 0, stdout: '0.1.0\n', stderr: ''});
	});

	it.each([['--help'], ['-h'], []])('prints usage for %j and exits 0', async (...argv) => {
		const result = await tokenkit(...argv);

		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Usage:\n  tokenkit <command> [options]');
		expect(result.stdout).toContain('Exit codes:');
		expect(result.stderr).toBe('');
	});

	it('says when a command\'s code is loaded, and whether it sends requests, once and before the command writes anything', async () => {
		const said: string[] = [];
		const stdout = new PassThrough();
		stdout.on('data', () => {
			said.push('output');
		});
		const io = {stdout, stderr: new PassThrough(), env: {}, signal: new AbortController().signal, cwd: process.cwd(), commandLoaded: (sendsRequests: boolean) => {
			said.push(sendsRequests ? 'loaded, sends requests' : 'loaded, sends none');
		}};
		expect(await run(['inventory', '--help'], io)).toBe(0);
		expect(await run(['--version'], io)).toBe(0);
		expect(await run(['history', '--help'], io)).toBe(0);
		// The version needs no command, so nothing is loaded for it.
		expect(said).toEqual(['loaded, sends requests', 'output', 'output', 'loaded, sends none', 'output']);
	});

	it('exits 2 on an unknown command, saying so on stderr only', async () => {
		const result = await tokenkit('frobnicate');

		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('unknown command "frobnicate"');
		expect(result.stderr).toContain('Run "tokenkit --help" for usage.');
	});

	it('exits 2 on an unknown flag', async () => {
		const result = await tokenkit('--frobnicate');

		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('--frobnicate');
		expect(result.stderr).toContain('Run "tokenkit --help" for usage.');
	});
});
