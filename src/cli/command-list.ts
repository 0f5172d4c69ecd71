import type {Command} from './command.js';

/** A command loaded, with its line from `tokenkit --help`. */
export type ListedCommand = Command & {readonly summary: string};

/** A command as `tokenkit --help` lists it, and the way to load it. */
export interface CommandEntry {
	readonly name: string;
	/** One line for `tokenkit --help`. */
	readonly summary: string;
	/** Whether the command sends requests to vendors: its process loads Node's `fetch` before it sizes its heap (heap-sizing.ts). */
	readonly sendsRequests: boolean;
	/** Loads the command's module: only the command that runs is loaded, with what it imports. */
	load(): Promise<Command>;
}

/*
Each command is imported when it runs, not before: `tokenkit --version` and `tokenkit inventory` would
otherwise load every command, every vendor and the YAML parser first (most of their start-up time and memory).
The summaries live here, beside the loaders, so `tokenkit --help` needs no command module.
*/
export const commandList: readonly CommandEntry[] = [
	{name: 'inventory', summary: 'list every token of every account', sendsRequests: true, load: async () => (await import('./commands/inventory.js')).inventoryCommand},
	{name: 'audit', summary: 'report risky tokens: stale, unused, old, admin, unrestricted, orphaned', sendsRequests: true, load: async () => (await import('./commands/audit.js')).auditCommand},
	{name: 'report', summary: 'write an HTML report with charts and tables of every token and finding', sendsRequests: true, load: async () => (await import('./commands/report.js')).reportCommand},
	{name: 'simulate', summary: 'run the vendor simulators on loopback (for tests and demos)', sendsRequests: false, load: async () => (await import('./commands/simulate.js')).simulateCommand},
	{name: 'rotate', summary: 'give tokens new keys, each stored before the old one is revoked', sendsRequests: true, load: async () => (await import('./commands/rotate.js')).rotateCommand},
	{name: 'revoke', summary: 'delete tokens, asking first on a terminal', sendsRequests: true, load: async () => (await import('./commands/revoke.js')).revokeCommand},
	{name: 'history', summary: 'list saved runs, or one token\'s timeline across them', sendsRequests: false, load: async () => (await import('./commands/history.js')).historyCommand},
	{name: 'diff', summary: 'tokens created, removed and changed between two saved runs', sendsRequests: false, load: async () => (await import('./commands/diff.js')).diffCommand},
	{name: 'completion', summary: 'print a shell completion script (bash, zsh or fish)', sendsRequests: false, load: async () => (await import('./commands/completion.js')).completionCommand(async () => listedCommands())},
];

/** Every command with its summary, loaded: what a completion script offers. */
async function listedCommands(): Promise<ListedCommand[]> {
	return Promise.all(commandList.map(async entry => ({...(await entry.load()), summary: entry.summary})));
}
