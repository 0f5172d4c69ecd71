import {readFileSync} from 'node:fs';
import {availableParallelism, cpus, loadavg, totalmem} from 'node:os';

/** What the numbers were measured on: they mean little without it. */
export interface Machine {
	readonly cpus: number;
	readonly cpuModel: string;
	readonly memoryGb: number;
	readonly node: string;
	readonly platform: string;
	/** One, five and fifteen minute load averages when the run started: other work on the machine skews every number. */
	readonly loadAverage: readonly [number, number, number];
}

export function describeMachine(): Machine {
	const [one = 0, five = 0, fifteen = 0] = loadavg();
	return {
		cpus: availableParallelism(),
		cpuModel: cpuModel(),
		memoryGb: Math.round(totalmem() / 1024 ** 3),
		node: process.version,
		platform: `${process.platform}-${process.arch}`,
		loadAverage: [round(one), round(five), round(fifteen)],
	};
}

/** `os.cpus()` reports what /proc/cpuinfo says on Linux; read the file directly when it is there, as the record asks for it. */
function cpuModel(): string {
	try {
		const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find(entry => entry.startsWith('model name'));
		const model = line?.split(':')[1]?.trim();
		if (model !== undefined && model !== '') {
			return model;
		}
	} catch {
		// Not Linux: fall through to what Node knows.
	}

	return cpus()[0]?.model ?? 'unknown';
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}
