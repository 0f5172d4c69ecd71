import type {SimRequest, SimResponse} from './types.js';

export type RouteHandler = (request: SimRequest, params: Readonly<Record<string, string>>) => SimResponse;

interface Route {
	readonly method: string;
	readonly pattern: RegExp;
	readonly names: readonly string[];
	readonly handler: RouteHandler;
}

export type RouteMatch =
	| {readonly kind: 'found'; readonly handler: RouteHandler; readonly params: Readonly<Record<string, string>>}
	| {readonly kind: 'method-not-allowed'; readonly allowed: readonly string[]}
	| {readonly kind: 'not-found'};

/**
Matches `METHOD /path/{param}` routes, written as in the vendors' OpenAPI documents. A path that exists
with another method is told apart from one that does not exist (405 vs 404), as real servers do.
*/
export class Router {
	readonly #routes: Route[] = [];

	add(method: string, template: string, handler: RouteHandler): this {
		const names: string[] = [];
		const source = template
			.split('/')
			.map(segment => {
				const parameter = /^\{(\w+)\}$/.exec(segment);
				if (parameter?.[1] === undefined) {
					return segment.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
				}

				names.push(parameter[1]);
				return '([^/]+)';
			})
			.join('/');
		this.#routes.push({method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), names, handler});
		return this;
	}

	match(method: string, path: string): RouteMatch {
		const allowed: string[] = [];
		for (const route of this.#routes) {
			const found = route.pattern.exec(path);
			if (found === null) {
				continue;
			}

			if (route.method !== method.toUpperCase()) {
				allowed.push(route.method);
				continue;
			}

			const params: Record<string, string> = {};
			route.names.forEach((name, index) => {
				params[name] = decodeURIComponent(found[index + 1] ?? '');
			});
			return {kind: 'found', handler: route.handler, params};
		}

		return allowed.length > 0 ? {kind: 'method-not-allowed', allowed} : {kind: 'not-found'};
	}
}
