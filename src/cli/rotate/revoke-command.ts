import type {RevokeCommand} from '../../inventory/rotate/describe.js';
import {formatRef} from '../../inventory/rotate/ref.js';
import {shellWord} from '../ref-accounts.js';

/** The `tokenkit revoke` command the messages tell the user to run: with the --config they gave, ready to paste. */
export function revokeCommandFor(configPath: string | undefined): RevokeCommand {
	return ref => ['tokenkit', 'revoke', formatRef(ref), ...(configPath === undefined ? [] : ['--config', configPath])].map(word => shellWord(word)).join(' ');
}
