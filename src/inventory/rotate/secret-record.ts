import type {MintedToken} from '../../provider.js';
import {formatRef, type TokenRef} from './ref.js';

/**
One line of a secret file: a JSON object on one line (JSON Lines), so any key survives whatever characters it
holds, and `jq` or one `JSON.parse` per line reads it.

  {"ref":"mist:mist-hq:0c2d…","rotated":"mist:mist-hq:6f1b…","name":"ci-deploy","key":"…"}

`ref` names the token that holds the key (a new twin for `replace`, the same token for `reset`); `rotated`
names the token that was rotated; `key` is the new key.
*/
export function secretRecord(minted: MintedToken, rotated: TokenRef): string {
	const ref = {...rotated, id: minted.token.id};
	return `${JSON.stringify({ref: formatRef(ref), rotated: formatRef(rotated), name: minted.token.name, key: minted.secret.reveal()})}\n`;
}
