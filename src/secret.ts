import {inspect} from 'node:util';

const redacted = '[redacted]';

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

	[inspect.custom](): string {
		return `Secret ${redacted}`;
	}
}
