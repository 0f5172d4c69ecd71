import type {CallOptions, TokenProvider, UpdateTokenInput} from '../../src/provider.js';
import type {Token} from '../../src/token.js';

/** A change to a Mist token. `allowedIps` exists so that asking to change it gets a clear answer (see update). */
export interface MistUpdateTokenInput extends UpdateTokenInput {
	/**
	Mist fixes an org token's `src_ips` when it is created (docs/vendors/mist.md, schemas [S]). The same list (in any
	order) is accepted; any other is a ConfigError that says how to replace the token instead.
	*/
	readonly allowedIps?: readonly string[] | undefined;
}

/** The operations one scope (org or self) implements. */
export type MistOperations = Pick<TokenProvider, 'list' | 'get' | 'create' | 'delete' | 'rotate'> & {
	update(id: string, change: MistUpdateTokenInput, options?: CallOptions): Promise<Token>;
};
