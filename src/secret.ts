
const redacted = '[redacted]';

/**
The key under which `util.inspect` (and so `console.log`) looks for a custom view. Node documents it as
`Symbol.for('nodejs.util.inspect.custom')`; naming it this way keeps Node's types out of the published ones.
*/
const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
A freshly minted key. It hides itself everywhere a value usually leaks: string conversion, JSON,
`console.log` / `util.inspect`, template literals, and spreading (the key is in a private field, so
`{...secret}` copies nothing). The key comes out only through {@link Secret.reveal}.

@example
const {secret} = await provider.rotate(id);
await writeFile('new-key', secret.reveal(), {mode: 0o600});
console.log(`minted ${secret}`); // minted [redacted]
*/
export class Secret {
	readonly #value: string;

	constructor(value: string) {
		if (value === '') {
			throw new TypeError('A Secret cannot be empty');
		}

		this.#value = value;
	}

	/** The key itself. Call this only where the key is meant to go (a 0600 file, a vault, a pipe the user asked for). */
	reveal(): string {
		return this.#value;
	}

	/** True when `candidate` is this key, for tests and for comparisons that must not print either side. */
	equals(candidate: string): boolean {
		return candidate === this.#value;
	}

	toString(): string {
		return redacted;
	}

	toJSON(): string {
		return redacted;
	}

	[Symbol.toPrimitive](): string {
		return redacted;
	}

	[inspectCustom](): string {
		return `Secret ${redacted}`;
	}
}
