// `tokenkit/simulators`: faithful loopback simulators of each vendor's token API, for integration tests and
// demos. A separate entry from `tokenkit`, so the main entry never loads them. Every export is named by hand.
export {startSimulators} from '../providers/simulators.js';
export type {RunningSimulators, RunningVendorSimulator, StartSimulatorsOptions} from './simulate/start.js';
export {startSimulatorServer} from './simulate/server.js';
export type {LatencyOptions, RunningSimulatorServer, SimulatorServerOptions} from './simulate/server.js';
export {parseFaultSpec} from './simulate/faults.js';
export type {FaultKind, FaultProbabilities} from './simulate/faults.js';
export type {ChurnReport, SeedOptions, SimAccountInfo, SimRequest, SimResponse, VendorSimulator} from './simulate/types.js';
export {createMistSimulator} from '../providers/mist/simulator.js';
export type {MistSimulator, MistSimulatorOptions} from '../providers/mist/simulator.js';
export {createOpalSimulator} from '../providers/opal/simulator.js';
export type {OpalSimulator, OpalSimulatorOptions} from '../providers/opal/simulator.js';
export {createLaunchDarklySimulator} from '../providers/launchdarkly/simulator.js';
export type {LaunchDarklySimulator, LaunchDarklySimulatorOptions} from '../providers/launchdarkly/simulator.js';
export {createGitHubSimulator} from '../providers/github/simulator.js';
export type {GitHubRateLimitOptions, GitHubSimAccountInfo, GitHubSimulator, GitHubSimulatorOptions} from '../providers/github/simulator.js';
export {createGitLabSimulator} from '../providers/gitlab/simulator.js';
export type {GitLabKeyRole, GitLabRateLimitOptions, GitLabSimulator, GitLabSimulatorOptions} from '../providers/gitlab/simulator.js';
export {createCloudflareSimulator} from '../providers/cloudflare/simulator.js';
export type {CloudflareKeyRole, CloudflareRateLimitOptions, CloudflareSimAccountInfo, CloudflareSimulator, CloudflareSimulatorOptions} from '../providers/cloudflare/simulator.js';
export {createOktaSimulator} from '../providers/okta/simulator.js';
export type {OktaRateLimitOptions, OktaSimulator, OktaSimulatorOptions} from '../providers/okta/simulator.js';
export {createDatadogSimulator} from '../providers/datadog/simulator.js';
export type {DatadogKeyRole, DatadogRateLimitOptions, DatadogSimAccountInfo, DatadogSimulator, DatadogSimulatorOptions} from '../providers/datadog/simulator.js';
export {createOpenAISimulator} from '../providers/openai/simulator.js';
export type {OpenAIRateLimitOptions, OpenAIServiceAccountKeyDelete, OpenAISimKeyKind, OpenAISimulator, OpenAISimulatorOptions} from '../providers/openai/simulator.js';
