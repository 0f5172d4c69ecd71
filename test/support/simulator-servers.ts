import {afterEach} from 'vitest';
import {startSimulatorServer, type RunningSimulatorServer, type SimulatorServerOptions} from '../../src/simulate/server.js';
import type {SimRequest, VendorSimulator} from '../../src/simulate/types.js';

export interface ServedSimulator<TSimulator extends VendorSimulator> {
	readonly simulator: TSimulator;
	readonly server: RunningSimulatorServer;
	/** Every request the simulator answered, in order, so a test can say what a client sent. */
	readonly seen: SimRequest[];
}

/**
Registers an afterEach that closes every server the returned `serve` started. `serve` puts a simulator on
loopback behind a note of every request it answers; the simulator itself is returned as given, so a test
reads and changes its state directly.
*/
export function useSimulatorServers(): <TSimulator extends VendorSimulator>(simulator: TSimulator, options?: SimulatorServerOptions) => Promise<ServedSimulator<TSimulator>> {
	const open: RunningSimulatorServer[] = [];
	afterEach(async () => {
		await Promise.all(open.splice(0).map(async server => server.close()));
	});

	return async (simulator, options = {}) => {
		const seen: SimRequest[] = [];
		const recording: VendorSimulator = {
			...simulator,
			handle(request) {
				seen.push(request);
				return simulator.handle(request);
			},
		};
		const server = await startSimulatorServer(recording, options);
		open.push(server);
		return {simulator, server, seen};
	};
}
