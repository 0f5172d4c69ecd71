import type {TokenkitConfig} from '../config.js';
import {parseRef, type TokenRef} from '../inventory/rotate/ref.js';
import type {TokenProvider} from '../provider.js';
import {createProviders, vendorNamesOf, vendorsOf} from './accounts.js';
import {readConfigFile} from './config-file.js';
import type {CommandIo} from './io.js';
import {UsageError} from './usage-error.js';

/** The flags `rotate` and `revoke` share; each command adds its own to these. */
export const refCommandOptions = {
	config: {type: 'string'},
	'refs-from': {type: 'string'},
	'include-own-credential': {type: 'boolean'},
	yes: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
} as const;

export interface RefTargets {
	readonly refs: readonly TokenRef[];
	/** One provider for each account the REFs name, and no other (an unrelated account is not contacted). */
	readonly providers: readonly TokenProvider[];
	/** The config file read, for what else it says (where the history is kept). */
	readonly config: TokenkitConfig;
}

/**
Reads the REFs of `rotate` and `revoke` and builds the providers of the accounts they name from the config
file. A REF that is malformed, names an unknown vendor or an account the config lacks, or gives an account
the wrong vendor is a UsageError, before any request.
*/
export async function refTargets(command: string, texts: readonly string[], configPath: string | undefined, io: CommandIo): Promise<RefTargets> {
	checkRefsGiven(command, texts);
	const refs = texts.map(text => parseRef(text));
	const repeated = texts.find((text, index) => texts.indexOf(text) !== index);
	if (repeated !== undefined) {
		throw new UsageError(`${repeated} is named twice; name each token once`);
	}

	const config = await readConfigFile(configPath, io);
	const known = vendorNamesOf(config);
	for (const ref of refs) {
		if (!known.includes(ref.provider)) {
			throw new UsageError(`${ref.provider}:${ref.account}:${ref.id}: unknown provider "${ref.provider}" (known: ${known.join(', ')})`);
		}

		const account = config.accounts.find(candidate => candidate.name === ref.account);
		if (account === undefined) {
			throw new UsageError(`${ref.provider}:${ref.account}:${ref.id}: no account "${ref.account}" in ${config.path} (configured: ${config.accounts.map(candidate => candidate.name).join(', ')})`);
		}

		if (account.provider !== ref.provider) {
			throw new UsageError(`${ref.provider}:${ref.account}:${ref.id}: account "${ref.account}" is a ${account.provider} account, not ${ref.provider}`);
		}
	}

	const named = config.accounts.filter(account => refs.some(ref => ref.account === account.name));
	return {refs, providers: createProviders(named, {signal: io.signal, redactor: io.redactor}, undefined, await vendorsOf(config, named), io.verbose), config};
}

/** A command without REFs is a UsageError; `rotate` says so before it checks its other flags. */
export function checkRefsGiven(command: string, texts: readonly string[], refsFrom?: string): void {
	if (texts.length === 0) {
		throw new UsageError(refsFrom === undefined
			? `${command} needs at least one REF, written provider:account:id (see tokenkit inventory for ids), or --refs-from FILE`
			: `${command}: --refs-from ${refsFrom} holds no REF`);
	}
}

/** REFs read from stdin leave no stdin for the question: the caller must have decided already. */
export function checkStdinAnswer(fromStdin: boolean, yes: boolean): void {
	if (fromStdin && !yes) {
		throw new UsageError('REFs read from stdin leave nobody to answer the question on it; pass --yes to go ahead');
	}
}

/** The provider that manages the account of `ref`, if one was built for it. */
export function providerOf(ref: TokenRef, providers: readonly TokenProvider[]): TokenProvider | undefined {
	return providers.find(candidate => candidate.provider === ref.provider && candidate.account === ref.account);
}

/** A word for a shell: as it is when it is plainly safe, else in single quotes. */
export function shellWord(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll('\'', '\'\\\'\'')}'`;
}
