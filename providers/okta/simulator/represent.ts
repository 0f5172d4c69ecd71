import {oktaTime, tokenWindowMs, type ApiToken, type App, type ClientSecret, type RoleAssignment, type User, type Zone} from './model.js';

/** HAL links as Okta writes them: absolute, on the org's own origin, with the methods allowed ([S] examples). */
function link(origin: string, path: string, allow: readonly string[]): {href: string; hints: {allow: string[]}} {
	return {href: `${origin}${path}`, hints: {allow: [...allow]}};
}

/**
An API token's metadata (`ApiToken`). `_links`, not the schema's `_link`: every example of Okta's has `_links`
(docs/vendors/okta.md, gotchas [S]). `tokenWindow` is `P30D`, which breaks the spec's own pattern for it; the
real API sends it, so the simulator does too.
*/
export function apiTokenRepresentation(token: ApiToken, origin: string): Record<string, unknown> {
	return {
		name: token.name,
		userId: token.userId,
		tokenWindow: 'P30D',
		...(token.network === undefined ? {} : {network: {...token.network}}),
		id: token.id,
		clientName: token.clientName,
		expiresAt: oktaTime(token.lastUpdated + tokenWindowMs),
		created: oktaTime(token.created),
		lastUpdated: oktaTime(token.lastUpdated),
		_links: {
			self: link(origin, `/api/v1/api-tokens/${token.id}`, ['GET', 'DELETE']),
			user: link(origin, `/api/v1/users/${token.userId}`, ['GET']),
		},
	};
}

export function userRepresentation(user: User, origin: string): Record<string, unknown> {
	return {
		id: user.id,
		status: user.status,
		created: oktaTime(user.created),
		activated: oktaTime(user.created),
		statusChanged: oktaTime(user.created),
		lastLogin: null,
		lastUpdated: oktaTime(user.created),
		passwordChanged: null,
		type: {id: 'oty1a2b3c4d5e6f7g8h9'},
		profile: {firstName: user.firstName, lastName: user.lastName, mobilePhone: null, secondEmail: null, login: user.email, email: user.email},
		credentials: {provider: {type: 'OKTA', name: 'OKTA'}},
		_links: {self: {href: `${origin}/api/v1/users/${user.id}`}},
	};
}

export function roleRepresentation(role: RoleAssignment, user: User, origin: string): Record<string, unknown> {
	return {
		id: role.id,
		...(role.role === undefined ? {} : {role: role.role}),
		label: role.label,
		type: role.type,
		status: 'ACTIVE',
		created: oktaTime(role.created),
		lastUpdated: oktaTime(role.created),
		assignmentType: role.assignmentType,
		...(role.resourceSet === undefined ? {} : {'resource-set': role.resourceSet}),
		_links: {assignee: {href: `${origin}/api/v1/users/${user.id}`}},
	};
}

export function zoneRepresentation(zone: Zone, origin: string): Record<string, unknown> {
	const common = {
		type: zone.type,
		id: zone.id,
		name: zone.name,
		status: zone.status,
		usage: zone.usage,
		created: oktaTime(zone.created),
		lastUpdated: oktaTime(zone.created),
		system: zone.system,
		_links: {self: link(origin, `/api/v1/zones/${zone.id}`, ['GET', 'PUT', 'DELETE'])},
	};
	return zone.type === 'IP'
		? {...common, gateways: zone.gateways.map(gateway => ({...gateway})), proxies: null}
		: {...common, locations: zone.locations.map(country => ({country, region: null})), asns: [], proxyType: null};
}

/** A client secret; its whole value only in the create answer, else the elided form of Okta's examples ([S], [I]). */
export function clientSecretRepresentation(secret: ClientSecret, app: App, origin: string, whole: boolean): Record<string, unknown> {
	const base = `/api/v1/apps/${app.id}/credentials/secrets/${secret.id}`;
	return {
		id: secret.id,
		status: secret.status,
		client_secret: whole ? secret.secret : `${secret.secret.slice(0, 4)}......${secret.secret.slice(-4)}`,
		secret_hash: secret.hash,
		created: oktaTime(secret.created),
		lastUpdated: oktaTime(secret.lastUpdated),
		_links: secret.status === 'ACTIVE'
			? {deactivate: link(origin, `${base}/lifecycle/deactivate`, ['POST'])}
			: {activate: link(origin, `${base}/lifecycle/activate`, ['POST']), delete: link(origin, base, ['DELETE'])},
	};
}

export function appRepresentation(app: App, origin: string): Record<string, unknown> {
	return {
		id: app.id,
		name: app.name,
		label: app.label,
		status: 'ACTIVE',
		signOnMode: app.signOnMode,
		created: oktaTime(app.created),
		lastUpdated: oktaTime(app.created),
		...(app.authMethod === null
			? {}
			: {credentials: {oauthClient: {autoKeyRotation: true, client_id: app.id, token_endpoint_auth_method: app.authMethod}}}),
		_links: {self: {href: `${origin}/api/v1/apps/${app.id}`}},
	};
}
