import {verify} from 'node:crypto';
import type {App} from './model.js';

/** Why an app JWT was refused, in words close to GitHub's own 401 messages (docs/vendors/github.md, auth [D]). */
export type JwtVerdict = {readonly ok: true} | {readonly ok: false; readonly message: string};

/** The longest life GitHub accepts for an app JWT: ten minutes from `iat` to `exp` (docs/vendors/github.md, auth [D]). */
export const longestJwtSeconds = 600;

/** How far ahead of the simulator's clock `iat` may lie: clocks drift, and GitHub tolerates a little ([I]). */
const clockSkewSeconds = 60;

/**
Checks an app JWT as GitHub does: three base64url parts, header `alg: RS256`, an RS256 signature by the app's
private key, `iss` the app's id or client ID, `iat` not in the future, `exp` in the future and at most ten minutes
after `iat`. Uses Node's own RSA verification: nothing here is hand-made cryptography.
*/
export function verifyAppJwt(jwt: string, app: App, nowMs: number): JwtVerdict {
	const parts = jwt.split('.');
	const [header, payload, signature] = parts;
	if (parts.length !== 3 || header === undefined || payload === undefined || signature === undefined) {
		return refuse('A JSON web token could not be decoded');
	}

	const headerJson = decodeJson(header);
	const claims = decodeJson(payload);
	if (headerJson === undefined || claims === undefined) {
		return refuse('A JSON web token could not be decoded');
	}

	if (headerJson['alg'] !== 'RS256') {
		return refuse('A JSON web token could not be decoded: the algorithm must be RS256');
	}

	const signed = verify('sha256', Buffer.from(`${header}.${payload}`), app.publicKey, Buffer.from(signature, 'base64url'));
	if (!signed) {
		return refuse('A JSON web token could not be decoded: its signature does not match the app\'s public key');
	}

	const issuer = claims['iss'];
	if (String(issuer) !== String(app.id) && issuer !== app.clientId) {
		return refuse(`'Issuer' claim ('iss') must be an Integer or the app's client ID`);
	}

	const now = Math.floor(nowMs / 1000);
	const issuedAt = claims['iat'];
	const expiresAt = claims['exp'];
	if (typeof issuedAt !== 'number' || !Number.isInteger(issuedAt) || issuedAt > now + clockSkewSeconds) {
		return refuse(`'Issued at' claim ('iat') must be an Integer representing a time in the past`);
	}

	if (typeof expiresAt !== 'number' || !Number.isInteger(expiresAt) || expiresAt <= now) {
		return refuse(`'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires`);
	}

	if (expiresAt - issuedAt > longestJwtSeconds) {
		return refuse(`'Expiration time' claim ('exp') is too far in the future`);
	}

	return {ok: true};
}

/** A JWT has three dot-separated base64url parts; an installation token has none. */
export function looksLikeJwt(credential: string): boolean {
	return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(credential);
}

function refuse(message: string): JwtVerdict {
	return {ok: false, message};
}

function decodeJson(part: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? {...value} : undefined;
	} catch {
		return undefined;
	}
}
