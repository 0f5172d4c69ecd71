import type {Redactor} from '../redaction/redactor.js';

/**
Registers every key a create or reset answer carries in `field`, in the answer's object or in each object of an
answer that is a list (Mist's self-token create may answer with a one-element list). From then on the key is
scrubbed from every error, record and report, whatever the vendor echoes later.
*/
export function registerMintedKeys(body: unknown, field: string, redactor: Redactor): void {
	const records: readonly unknown[] = Array.isArray(body) ? body : [body];
	for (const record of records) {
		const key: unknown = typeof record === 'object' && record !== null ? Reflect.get(record, field) : undefined;
		if (typeof key === 'string') {
			redactor.add(key);
		}
	}
}
