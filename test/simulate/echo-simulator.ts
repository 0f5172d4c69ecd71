import {Router} from '../../src/simulate/router.js';
import type {SimRequest, SimResponse, VendorSimulator} from '../../src/simulate/types.js';

/**
A minimal vendor for testing the shared server: it keeps a counter of applied writes, so a test can tell
whether a faulted request was applied or not.
*/
export interface EchoSimulator extends VendorSimulator {
	readonly applied: number;
	readonly churned: number;
}

export function createEchoSimulator(): EchoSimulator {
	const state = {applied: 0, churned: 0};
	const router = new Router()
		.add('GET', '/items', () => ({status: 200, body: {items: Array.from({length: 50}, (_, index) => ({id: String(index), padding: 'x'.repeat(40)}))}}))
		.add('POST', '/items', () => {
			state.applied++;
			return {status: 201, body: {applied: state.applied}};
		})
		.add('GET', '/items/{id}', (_request, params) => ({status: 200, body: {id: params.id}}));

	return {
		vendor: 'echo',
		basePath: '',
		get applied() {
			return state.applied;
		},
		get churned() {
			return state.churned;
		},
		handle(request: SimRequest): SimResponse {
			const match = router.match(request.method, request.path);
			if (match.kind === 'found') {
				return match.handler(request, match.params);
			}

			return match.kind === 'method-not-allowed'
				? {status: 405, headers: {allow: match.allowed.join(', ')}, body: {error: 'method not allowed'}}
				: {status: 404, body: {error: 'not found'}};
		},
		faultResponse(status, retryAfterSeconds) {
			return {status, headers: status === 429 ? {'retry-after': String(retryAfterSeconds)} : {}, body: {error: `injected ${status}`}};
		},
		accounts: () => [],
		churn() {
			state.churned++;
		},
		allSecrets: () => [],
	};
}
