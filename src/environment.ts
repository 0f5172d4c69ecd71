/**
Environment variables as tokenkit reads them (`process.env`, or a test's own object). Declared here rather than
as `NodeJS.ProcessEnv` so that tokenkit's published types do not need the consumer to install `@types/node`.
*/
export type Environment = Readonly<Record<string, string | undefined>>;


/**
A request's headers as the simulators read them: what Node's HTTP server hands over, named without Node's types
(see Environment). Names are lower-case.
*/
export interface RequestHeaders {
	readonly authorization?: string | undefined;
	readonly [name: string]: string | string[] | undefined;
}
