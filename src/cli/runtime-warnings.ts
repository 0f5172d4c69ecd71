import {inert, lineLength} from '../text/inert.js';

/**
Warnings Node and the libraries under tokenkit emit about their own code: an experimental API in use (undici's
`EnvHttpProxyAgent`, taken whenever a proxy variable is set), a deprecation, too many listeners. The person running
tokenkit can do nothing about them, so they are shown only with --debug. Every other warning (Node's word that
NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off, say) is about a setting that person chose, and shows.
*/
export function isActionableWarning(warning: Error): boolean {
	const code = 'code' in warning && typeof warning.code === 'string' ? warning.code : '';
	return !['ExperimentalWarning', 'DeprecationWarning', 'MaxListenersExceededWarning'].includes(warning.name) && !code.startsWith('UNDICI-');
}

/**
Replaces Node's printer of runtime warnings with one that prints only those a person can act on (all with --debug),
each as one inert `tokenkit: warning:` line. Where Node prints none (`node --no-warnings`), none is printed.
*/
export function filterRuntimeWarnings(stderr: NodeJS.WritableStream, debug: boolean): void {
	const nodePrintsWarnings = process.listenerCount('warning') > 0;
	process.removeAllListeners('warning');
	if (!nodePrintsWarnings) {
		return;
	}

	process.on('warning', warning => {
		if (debug || isActionableWarning(warning)) {
			const code = 'code' in warning && typeof warning.code === 'string' ? ` [${warning.code}]` : '';
			stderr.write(`tokenkit: warning: ${inert(`${warning.name}${code}: ${warning.message}`, lineLength)}\n`);
		}
	});
}
