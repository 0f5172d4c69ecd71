/** What one timed piece of client work cost the benchmark process. */
export interface Cost {
	readonly wallMs: number;
	/** User plus system CPU of this process, every thread included (the garbage collector's too). */
	readonly cpuMs: number;
	/** Resident memory when the work started. */
	readonly rssBeforeMb: number;
	/** The highest resident memory seen while it ran, sampled every 10 ms and at the end. */
	readonly peakRssMb: number;
}

export interface Measured<T> {
	readonly value: T;
	readonly cost: Cost;
}

const megabyte = 1024 * 1024;

/**
Runs `work` and measures it in this process. Since the simulators run in another process, the CPU time and
memory are the client's alone. The RSS sampler runs on the same event loop, so a long synchronous stretch can
hide a short peak; the memory scenario reads the kernel's own high-water mark instead.
*/
export async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
	const rssBefore = process.memoryUsage.rss();
	let peak = rssBefore;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage.rss());
	}, 10);
	const cpu = process.cpuUsage();
	const started = performance.now();
	try {
		const value = await work();
		const wallMs = performance.now() - started;
		const used = process.cpuUsage(cpu);
		peak = Math.max(peak, process.memoryUsage.rss());
		return {
			value,
			cost: {wallMs, cpuMs: (used.user + used.system) / 1000, rssBeforeMb: rssBefore / megabyte, peakRssMb: peak / megabyte},
		};
	} finally {
		clearInterval(sampler);
	}
}
