import {isObject, json, rewriteJson, type HostileMode} from '../vendor.js';

/*
A vendor whose texts try to drive the terminal of whoever reads tokenkit's output: terminal escape sequences
(CSI, OSC window title, the one-byte C1 CSI), carriage returns and line breaks that would forge or split a
line, bidi overrides and zero-width characters that reorder or hide what is shown, spreadsheet formulas,
Markdown that would break a table, and texts far too long for a line. They arrive as token names,
descriptions and owner emails in list records, and as the message, code and request id of an error.
*/

/** A text long enough that nothing shown to a person may carry it whole. */
export const longText = `${'L'.repeat(4000)}-end`;

/** Token names, one per token in turn (the list answer and a single token's answer agree). */
export const hostileNames: readonly string[] = [
	'evil\u001b[31mRED\u001b[0m',
	'\u001b]0;owned window title\u0007deploy',
	'c1\u009b2Jclear',
	'ok\rFAKE LINE OVERWRITTEN',
	'row\nlaunchdarkly  forged  row | with pipe',
	'invoice\u202e\u2066fdp.exe\u2069',
	'zero\u200bwidth\ufeff\u2060joined\u200d',
	'=HYPERLINK("http://attacker.example/","click")',
	'\ttab-led',
	'`code` [link](javascript:alert(1)) <b>bold</b> &#x202e; **strong** ~~gone~~',
	longText,
];

/** The description and owner email of every token: more of the same, in other fields. */
export const hostileDescription = 'desc\u001b[2J\r\nsecond line\u202eesrever\u200b';
export const hostileEmail = 'ops\u202e@evil\u001b[5m.example';

/** An error message no person should see raw: escapes, a forged line after CR LF, bidi, then a long tail. */
export const hostileErrorMessage = `denied\u001b]0;pwned\u0007\u001b[2J\r\ntokenkit: all accounts complete\u202e\u200b ${'M'.repeat(3000)}`;
export const hostileErrorCode = 'code\u001b[31m\u202e';
/** A request id in a header: a header can carry C1 bytes (obs-text), not ESC; it is also far too long. */
export const hostileHeaderRequestId = `req\u009b2J\u0085${'R'.repeat(400)}`;
/** A request id in the error body, which JSON lets hold anything. */
export const hostileBodyRequestId = `id\u001b]0;title\u0007\u202e${'I'.repeat(400)}`;

/** The hostile name of a token, stable across answers: by the order in which the mode first saw its id. */
function namer(): (id: string) => string {
	const seen = new Map<string, number>();
	return id => {
		const index = seen.get(id) ?? seen.size;
		seen.set(id, index);
		return hostileNames[index % hostileNames.length] ?? '';
	};
}

/** LaunchDarkly answers whose token records carry hostile names, descriptions and member emails. */
export function hostileRecords(): HostileMode {
	const nameOf = namer();
	const bend = (record: unknown): void => {
		if (!isObject(record) || typeof record._id !== 'string') {
			return;
		}

		record.name = nameOf(record._id);
		record.description = hostileDescription;
		if (isObject(record._member)) {
			record._member.email = hostileEmail;
		}
	};

	return rewriteJson(body => {
		if (isObject(body) && Array.isArray(body.items)) {
			for (const item of body.items) {
				bend(item);
			}
		} else {
			bend(body);
		}

		return body;
	});
}

/**
Every token request refused with a 400 (not retried) in LaunchDarkly's `{code, message, id}` shape, hostile
in each part; with `requestIdHeader`, also an `x-request-id` header, which tokenkit prefers to the body's id.
*/
export function hostileErrors(options: {readonly requestIdHeader: boolean}): HostileMode {
	return async exchange => {
		if (!exchange.request.pathname.includes('/tokens')) {
			return exchange.forward();
		}

		const headers: Record<string, string> = options.requestIdHeader ? {'x-request-id': hostileHeaderRequestId} : {};
		return json(400, {code: hostileErrorCode, message: hostileErrorMessage, id: hostileBodyRequestId}, headers);
	};
}
