import {BlockList, isIP} from 'node:net';
import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';
import type {Caller} from './model.js';
import {detail, forbidden, messages} from './responses.js';
import type {MistStore} from './store.js';

export type Authentication = {readonly ok: true; readonly caller: Caller} | {readonly ok: false; readonly response: SimResponse};

/**
Reads `Authorization: Token <key>` (docs/vendors/mist.md: the `apiToken` scheme) the way DRF's TokenAuthentication
does: a header without the `Token` keyword counts as no credentials at all; `Token` alone or with spaces in
the key is a malformed header; an unknown or deleted key is an invalid token. All of these are 401.
*/
export function authenticate(request: SimRequest, store: MistStore): Authentication {
	const header = request.headers.authorization;
	const parts = (header ?? '').trim().split(/\s+/).filter(part => part !== '');
	const [keyword, key, ...rest] = parts;
	if (keyword?.toLowerCase() !== 'token') {
		return unauthorized(messages.noCredentials);
	}

	if (key === undefined) {
		return unauthorized(messages.emptyTokenHeader);
	}

	if (rest.length > 0) {
		return unauthorized(messages.spacedTokenHeader);
	}

	const token = store.findByKey(key);
	if (token === undefined) {
		return unauthorized(messages.invalidToken);
	}

	if (token.kind === 'org') {
		return {ok: true, caller: {kind: 'org', token}};
	}

	const user = store.users.get(token.userId);
	return user === undefined ? unauthorized(messages.invalidToken) : {ok: true, caller: {kind: 'user', token, user}};
}

/**
Whether the caller's org token may be used from the request's source address: the first `X-Forwarded-For`
entry when the request carries one (so a test on loopback can appear to come from elsewhere), else the
socket's own client address. Refused with 403: the key is genuine, only the place it is used from is not allowed.
*/
export function checkSourceIp(request: SimRequest, caller: Caller): SimResponse | undefined {
	if (caller.kind !== 'org' || caller.token.srcIps.length === 0) {
		return undefined;
	}

	const forwarded = request.headers['x-forwarded-for'];
	const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
	const source = first !== undefined && isIP(first) !== 0 ? first : request.remoteAddress;
	const family = isIP(source);
	// An address the socket could not name matches no allow-list entry.
	return family !== 0 && allowList(caller.token.srcIps).check(source, family === 6 ? 'ipv6' : 'ipv4') ? undefined : forbidden(messages.sourceIpDenied);
}

/** Whether `value` is an IPv4/IPv6 address or CIDR block Mist would take in `src_ips`. */
export function isAddressOrCidr(value: string): boolean {
	const [address, prefix, ...extra] = value.split('/');
	if (address === undefined || extra.length > 0) {
		return false;
	}

	const family = isIP(address);
	if (family === 0) {
		return false;
	}

	if (prefix === undefined) {
		return true;
	}

	const bits = Number(prefix);
	return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

function allowList(entries: readonly string[]): BlockList {
	const list = new BlockList();
	for (const entry of entries) {
		const [address = '', prefix] = entry.split('/');
		const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
		if (prefix === undefined) {
			list.addAddress(address, type);
		} else {
			list.addSubnet(address, Number(prefix), type);
		}
	}

	return list;
}

function unauthorized(text: string): Authentication {
	// DRF names the scheme in WWW-Authenticate on every 401 (without it, DRF would answer 403 instead).
	return {ok: false, response: detail(401, text, {'www-authenticate': 'Token'})};
}
