import {lstat, realpath} from 'node:fs/promises';
import {dirname, join, relative, sep} from 'node:path';
import {pathToFileURL} from 'node:url';
import type {AccountConfig} from '../config.js';
import type {SarifLocation} from '../inventory/audit/report/sarif.js';

/** Where SARIF results point: the config file relative to the repository root, and each account's line in it. */
export interface SarifPlaces {
	/** The directory locations are relative to: the repository root, or the config's directory when none holds it. */
	readonly root: string;
	/** Whether a `.git` was found above the config (false: the root is the config's directory). */
	readonly inRepository: boolean;
	readonly rootUri: string;
	locate(provider: string, account: string): SarifLocation | undefined;
}

/** The nearest directory from `start` up that holds `.git` (a directory, or the file a worktree or submodule has). */
async function repositoryRoot(start: string): Promise<string | undefined> {
	for (let directory = start; ; directory = dirname(directory)) {
		try {
			await lstat(join(directory, '.git'));
			return directory;
		} catch {
			// Not here; one level up, until the file system's root.
		}

		if (dirname(directory) === directory) {
			return undefined;
		}
	}
}

/** The line an account's entry starts on, from its `where` (`path:line`). */
function lineOf(account: AccountConfig): number | undefined {
	const match = /:(\d+)$/.exec(account.where);
	return match === null ? undefined : Number(match[1]);
}

/**
Finds where a config file's accounts are, for SARIF: GitHub's code scanning accepts only locations inside the
repository, relative to its root, so the root is found by walking up from the config to a `.git`; without one,
the config's own directory stands in (the caller says so). The file's real path is used, so a config reached
through a symbolic link points at the file the repository holds.
*/
export async function sarifPlaces(configPath: string, accounts: readonly AccountConfig[]): Promise<SarifPlaces> {
	const file = await realpath(configPath);
	const found = await repositoryRoot(dirname(file));
	const root = found ?? dirname(file);
	const uri = relative(root, file).split(sep).map(segment => encodeURIComponent(segment)).join('/');
	const lines = new Map(accounts.map(account => [`${account.provider}\u0000${account.name}`, lineOf(account)]));
	return {
		root,
		inRepository: found !== undefined,
		rootUri: pathToFileURL(`${root}${root.endsWith(sep) ? '' : sep}`).href,
		locate(provider, account) {
			const line = lines.get(`${provider}\u0000${account}`);
			return line === undefined ? undefined : {uri, line};
		},
	};
}
