import {ConfigError} from './errors/index.js';
import type {Environment} from './environment.js';

/*
The environment references a config value may hold, and nothing more: `${NAME}` (set and not empty),
`${NAME:-default}` (the default when NAME is unset or empty) and `$$` for a literal `$`. Every other shell
form (`${NAME-x}`, `${NAME:?message}`, `${NAME:+x}`, `${#NAME}`, `${NAME/a/b}`, nested `${${NAME}}`, `$NAME`
without braces, `$(command)`) is refused: sent as it stands it would reach the vendor as the credential.
Messages name the variable and the shell operator but never the text around them, which may be a key.
*/

const variableName = /^[A-Za-z_]\w*$/;
const supported = 'tokenkit reads ${NAME} and ${NAME:-default}, and $$ for a literal $';

/** The shell operators people write after a name, longest first, as a message shows them. */
const shellOperators = [':-', ':?', ':+', ':=', '//', '/#', '/%', '-', '?', '+', '=', '/', '##', '#', '%%', '%', '^^', '^', ',,', ',', ':'];

/** Why the text between `${` and `}` is not a reference tokenkit reads, without repeating what may be a key. */
function unsupported(body: string): string {
	if (body === '') {
		return 'holds an empty "${}"';
	}

	if (body.includes('$') || body.includes('{')) {
		return 'holds a reference inside a reference, which tokenkit does not expand';
	}

	if (body.startsWith('#') || body.startsWith('!')) {
		return `holds "\${${body[0] ?? ''}…}", a shell form tokenkit does not support`;
	}

	const name = /^[A-Za-z_]\w*/.exec(body)?.[0];
	if (name === undefined) {
		return 'holds a "${…}" whose name is not a variable name (letters, digits and _, not starting with a digit)';
	}

	const rest = body.slice(name.length);
	const operator = shellOperators.find(candidate => rest.startsWith(candidate));
	return operator === undefined
		? `holds "\${${name}…}", which is not a variable name`
		: `holds "\${${name}${operator}…}", a shell form tokenkit does not support`;
}

/**
Replaces `${NAME}` and `${NAME:-default}` with the environment's values and `$$` with `$`; refuses every other
use of `$` that a shell would expand, with a ConfigError that starts with `where` and never quotes the value.
*/
export function interpolate(text: string, env: Environment, where: string): string {
	const refuse = (problem: string): never => {
		throw new ConfigError(`${where} ${problem}; ${supported}`);
	};

	let result = '';
	let index = 0;
	while (index < text.length) {
		const dollar = text.indexOf('$', index);
		if (dollar === -1) {
			result += text.slice(index);
			break;
		}

		result += text.slice(index, dollar);
		const next = text[dollar + 1];
		if (next === '$') {
			result += '$';
			index = dollar + 2;
		} else if (next === '{') {
			const close = text.indexOf('}', dollar + 2);
			if (close === -1) {
				refuse(`holds a "\${" without its closing "}" (character ${dollar + 1})`);
			}

			result += resolveReference(text.slice(dollar + 2, close), env, where, refuse);
			index = close + 1;
		} else if (next !== undefined && /[A-Za-z_]/.test(next)) {
			refuse(`holds a "$" followed by a name without braces (character ${dollar + 1}); write \${NAME} for a variable`);
		} else if (next === '(') {
			refuse(`holds "$(", a shell command tokenkit does not run (character ${dollar + 1})`);
		} else {
			// A "$" before a digit, a space or the end is no shell expansion a person would mean: it stays.
			result += '$';
			index = dollar + 1;
		}
	}

	return result;
}

function resolveReference(body: string, env: Environment, where: string, refuse: (problem: string) => never): string {
	const separator = body.indexOf(':-');
	const name = separator === -1 ? body : body.slice(0, separator);
	const fallback = separator === -1 ? undefined : body.slice(separator + 2);
	if (!variableName.test(name) || fallback?.includes('$') === true || fallback?.includes('{') === true) {
		return refuse(unsupported(body));
	}

	const value = env[name];
	if (value !== undefined && value !== '') {
		return value;
	}

	if (fallback === undefined) {
		throw new ConfigError(`${where}: environment variable ${name} is not set`);
	}

	return fallback;
}
