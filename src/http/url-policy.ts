import {ConfigError, type ErrorContext} from '../errors/index.js';

/**
Checks a vendor base URL before any request: it must be absolute http(s), and plain HTTP only to a
loopback address (the simulators, a test server) unless the caller opted in. A credential sent over
plain HTTP to another host could be read on the way.
*/
export function checkBaseUrl(baseUrl: string, allowInsecureHttp: boolean, context: ErrorContext): URL {
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		// The value is not repeated: a pasted URL may carry a key in its query or userinfo.
		throw new ConfigError('baseUrl is not an absolute URL (expected https://host[/path])', context);
	}

	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new ConfigError(`baseUrl "${url.origin}" must use https (got ${url.protocol})`, context);
	}

	if (url.username !== '' || url.password !== '') {
		throw new ConfigError('baseUrl must not carry credentials; pass apiKey instead', context);
	}

	if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
		throw new ConfigError(
			`baseUrl "${url.origin}" uses plain HTTP to a host that is not loopback; use https, or set allowInsecureHttp: true if this network is trusted`,
			context,
		);
	}

	// Paths are joined onto the base, so it must end in a slash for `new URL(path, base)` to keep its last segment.
	if (!url.pathname.endsWith('/')) {
		url.pathname = `${url.pathname}/`;
	}

	url.search = '';
	url.hash = '';
	return url;
}

/** True for `localhost`, 127.0.0.0/8 and ::1: addresses that never leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') {
		return true;
	}

	return /^127(?:\.\d{1,3}){3}$/.test(host);
}
