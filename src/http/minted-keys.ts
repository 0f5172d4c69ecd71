import type {Redactor} from '../redaction/redactor.js';

/**
Registers every key a create or reset answer carries in `field`, in the answer's object or in each object of an
answer that is a list (Mist's self-token create may answer with a one-element list). A dotted `field` reaches
into an envelope (`result.value`: Cloudflare's create). From then on the key is scrubbed from every error, record
and report, whatever the vendor echoes later.
*/
export function registerMintedKeys(body: unknown, field: string, redactor: Redactor): void {
	const [first = field, ...rest] = field.split('.');
	const records: readonly unknown[] = Array.isArray(body) ? body : [body];
	for (const record of records) {
		const value: unknown = typeof record === 'object' && record !== null ? Reflect.get(record, first) : undefined;
		if (rest.length > 0) {
			registerMintedKeys(value, rest.join('.'), redactor);
		} else if (typeof value === 'string') {
			redactor.add(value);
		}
	}
}
