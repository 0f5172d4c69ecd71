// The public surface of tokenkit. Every export is named here by hand, so nothing becomes public by accident.
export type {Owner, Privilege, Token, TokenJSON, TokenKind} from './token.js';
export {tokenToJSON} from './token.js';
export {Secret} from './secret.js';
export type {
	CallOptions,
	Capabilities,
	CreateTokenInput,
	ListOptions,
	MintedToken,
	PaginationStyle,
	PreviousKey,
	RotateOptions,
	RotateResult,
	RotationStyle,
	TokenOperation,
	TokenProvider,
	UpdateTokenInput,
} from './provider.js';
export {
	AuthenticationError,
	BadRequestError,
	ConfigError,
	ConflictError,
	HttpError,
	MalformedResponseError,
	NetworkError,
	NotFoundError,
	PaginationError,
	PermissionDeniedError,
	RateLimitError,
	ResponseShapeError,
	ServerError,
	TokenkitError,
	RotationIncompleteError,
	UnprocessableError,
	UnsupportedOperationError,
} from './errors/index.js';
export type {ErrorContext, HttpErrorDetails, ShapeIssue} from './errors/index.js';
export type {ProviderOptions} from './provider-options.js';
export {createHttpClient} from './http/client.js';
export type {HttpClient, HttpClientOptions, HttpMethod, HttpRequest, HttpResponse, HttpStats} from './http/client.js';
export type {HttpEvent, HttpOptions, RetryOptions} from './http/options.js';
export type {LimiterOptions} from './http/limiter.js';
export type {FetchFunction} from './http/proxy.js';
export {parseResponse} from './validate.js';
export {paginateCursor, paginateNone, paginateOffset} from './paginate.js';
export type {CursorPage, CursorPagination, OffsetPage, OffsetPagination} from './paginate.js';

// Built-in providers. The package's face may look up at providers/ (see the architecture notes in the README).
export {createMistProvider, mistClouds, mistOrgCapabilities, mistSelfCapabilities} from '../providers/mist/index.js';
export type {MistCloud, MistProvider, MistProviderOptions, MistTokenScope, MistUpdateTokenInput} from '../providers/mist/index.js';
export {createOpalProvider, opalCapabilities} from '../providers/opal/index.js';
export type {OpalListOptions, OpalProvider, OpalProviderOptions} from '../providers/opal/index.js';
export {createLaunchDarklyProvider, launchDarklyCapabilities, launchDarklyInstances} from '../providers/launchdarkly/index.js';
export type {LaunchDarklyInstance, LaunchDarklyListOptions, LaunchDarklyProvider, LaunchDarklyProviderOptions} from '../providers/launchdarkly/index.js';
export {builtInVendors} from '../providers/index.js';
export type {VendorDefinition} from './vendor.js';

// Inventory across accounts.
export {collectInventory} from './inventory/collect.js';
export type {CollectOptions, InventoryEvent} from './inventory/collect.js';
export {loadConfig} from './config.js';
export type {AccountConfig, AuditSettings, LoadConfigOptions, TokenkitConfig} from './config.js';

// Simulators, for integration tests and demos.
export {startSimulators} from '../providers/simulators.js';
export type {RunningSimulators, RunningVendorSimulator, StartSimulatorsOptions} from './simulate/start.js';
export {startSimulatorServer} from './simulate/server.js';
export type {LatencyOptions, RunningSimulatorServer, SimulatorServerOptions} from './simulate/server.js';
export {parseFaultSpec} from './simulate/faults.js';
export type {FaultKind, FaultProbabilities} from './simulate/faults.js';
export type {SeedOptions, SimAccountInfo, SimRequest, SimResponse, VendorSimulator} from './simulate/types.js';
export {createMistSimulator} from '../providers/mist/simulator.js';
export type {MistSimulator, MistSimulatorOptions} from '../providers/mist/simulator.js';
export {createOpalSimulator} from '../providers/opal/simulator.js';
export type {OpalSimulator, OpalSimulatorOptions} from '../providers/opal/simulator.js';
export {createLaunchDarklySimulator} from '../providers/launchdarkly/simulator.js';
export type {LaunchDarklySimulator, LaunchDarklySimulatorOptions} from '../providers/launchdarkly/simulator.js';
