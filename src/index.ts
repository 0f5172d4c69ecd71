// The public surface of tokenkit. Every export is named here by hand, so nothing becomes public by accident.
// The simulators have their own entry, `tokenkit/simulators` (src/simulators.ts), so a script that only lists
// tokens loads no simulator code.
export type {Owner, OwnerStatus, Privilege, Token, TokenJSON, TokenKind} from './token.js';
export {tokenToJSON} from './token.js';
export {inert} from './text/inert.js';
export {Secret} from './secret.js';
export {createRedactor} from './redaction/redactor.js';
export type {Redactor} from './redaction/redactor.js';
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
	RedirectError,
	ResponseShapeError,
	ResponseTooLargeError,
	ServerError,
	TokenkitError,
	RotationIncompleteError,
	UnidentifiedMintError,
	UnprocessableError,
	UnsupportedOperationError,
	isAuthenticationError,
	isBadRequestError,
	isConfigError,
	isConflictError,
	isHttpError,
	isMalformedResponseError,
	isNetworkError,
	isNotFoundError,
	isPaginationError,
	isPermissionDeniedError,
	isRateLimitError,
	isResponseShapeError,
	isRotationIncompleteError,
	isServerError,
	isTokenkitError,
	isUnprocessableError,
	isUnsupportedOperationError,
} from './errors/index.js';
export type {ErrorContext, HttpErrorDetails, ShapeIssue} from './errors/index.js';
export type {ProviderOptions} from './provider-options.js';
export {createHttpClient} from './http/client.js';
export type {HttpClient, HttpClientOptions, HttpMethod, HttpRequest, HttpResponse, HttpStats} from './http/client.js';
export type {AttemptEvent, HttpEvent, HttpOptions, RetryOptions} from './http/options.js';
export {createTrafficCounter, type TrafficCounter, type TrafficCounts} from './http/traffic.js';
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
export {createGitHubProvider, gitHubCapabilities, gitHubScopes} from '../providers/github/index.js';
export type {GitHubApiVersion, GitHubProvider, GitHubProviderOptions, GitHubTokenScope} from '../providers/github/index.js';
export {createGitLabProvider, gitLabCapabilities} from '../providers/gitlab/index.js';
export type {GitLabProvider, GitLabProviderOptions, PersonalTokenScope as GitLabPersonalTokenScope, ResourceSelection as GitLabResourceSelection} from '../providers/gitlab/index.js';
export {createCloudflareProvider, cloudflareCapabilities} from '../providers/cloudflare/index.js';
export type {CloudflareProvider, CloudflareProviderOptions, CloudflareTokenScope, CloudflareUpdateTokenInput} from '../providers/cloudflare/index.js';
export {createOktaProvider, oktaApiTokenCapabilities, oktaClientSecretCapabilities} from '../providers/okta/index.js';
export type {OktaAuthScheme, OktaCredentialKind, OktaNetworkChange, OktaProvider, OktaProviderOptions, OktaUpdateTokenInput} from '../providers/okta/index.js';
export {createDatadogProvider, datadogCapabilities, datadogSites} from '../providers/datadog/index.js';
export type {DatadogCreateTokenInput, DatadogKeyKind, DatadogMintType, DatadogProvider, DatadogProviderOptions, DatadogSite, DatadogUpdateTokenInput} from '../providers/datadog/index.js';
export {createOpenAIProvider, openAICapabilities} from '../providers/openai/index.js';
export type {OpenAIProvider, OpenAIProviderOptions} from '../providers/openai/index.js';
export {builtInVendors} from '../providers/index.js';
export {defineVendor, parseVendorOptions} from './vendor.js';
export type {SimulatorFactoryOptions, VendorDefinition} from './vendor.js';
export {isVendorDefinition} from './vendor-module.js';
export type {VendorModuleRef} from './vendor-module.js';
export {checkProviderOptions} from './provider-options.js';
export {unsupported} from './unsupported.js';

// Rotation strategies: how a vendor rotates, as a value its definition hands the core.
export {defineRotationStrategy, newIdRotateStrategy, replaceStrategy, resetStrategy, sameIdRollStrategy} from './rotation/strategy.js';
export type {CrashContext, FailureContext, OldKeyKeeper, RenewedId, RotationStrategy, RotationStrategyInput, StrategyOverrides} from './rotation/strategy.js';
export {rotateByReplace} from './rotation/replace.js';
export type {ReplaceSteps} from './rotation/replace.js';

// Inventory across accounts.
export {collectInventory} from './inventory/collect.js';
export type {CollectOptions, InventoryEvent} from './inventory/collect.js';
export {loadConfig} from './config.js';
export {providersFromConfig} from '../providers/from-config.js';
export type {ProvidersFromConfigOptions} from './providers-from-config.js';
export type {AccountConfig, AuditSettings, LoadConfigOptions, TokenkitConfig} from './config.js';

// Audit: policies → findings, per token and across accounts.
export {auditToken} from './inventory/audit/audit-token.js';
export {auditInventory} from './inventory/audit/audit-inventory.js';
export type {AuditEvent, AuditOptions} from './inventory/audit/audit-inventory.js';
export {auditPolicies} from './inventory/audit/policies.js';
export {summarizeAudit} from './inventory/audit/summary.js';
export type {AuditSummary, PolicyAuditSummary, SeverityCounts, SummarizeOptions, VendorAuditSummary} from './inventory/audit/summary.js';
export {owaspNhi2025} from './inventory/audit/owasp.js';
export type {OwaspCategory} from './inventory/audit/owasp.js';
export {severities, atLeast} from './inventory/audit/severity.js';
export type {Severity} from './inventory/audit/severity.js';
export type {Finding, Policy, PolicyId, PolicyInput, Remedy, TokenAudit, Verdict, Fix} from './inventory/audit/types.js';
export type {FindingJSON} from './inventory/audit/report/rows.js';
export {auditDefaults} from './config.js';
export type {FindingRuleId} from './inventory/audit/types.js';
export {acceptanceList, applyAcceptances, acceptanceExpiredRule} from './inventory/audit/acceptance.js';
export type {Acceptance, AcceptanceList, AcceptedRisk} from './inventory/audit/acceptance.js';
export {policyEnabled, policyThresholds, settingsForVendor} from './inventory/audit/policy-settings.js';
export type {PolicyOverride, PolicyRule, PolicySettings} from './inventory/audit/policy-settings.js';

// Reports for other tools and for people: SARIF (code scanning), OpenMetrics (Prometheus), one HTML page.
export type {AuditRun, AuditWriter} from './inventory/audit/report/types.js';
export type {AccountOutcome, AccountTraffic, Write} from './inventory/report/types.js';
export {auditSarifWriter, findingFingerprint} from './inventory/audit/report/sarif.js';
export type {SarifLocation, SarifOptions} from './inventory/audit/report/sarif.js';
export {openMetricsContentType, openMetricsWriter} from './inventory/report/openmetrics.js';
export type {OpenMetricsOptions, OpenMetricsWriter} from './inventory/report/openmetrics.js';
export {renderHtmlReport} from './inventory/report/html/page.js';
export type {HtmlReportInput, VendorFields} from './inventory/report/html/data.js';

// Rotation and revocation: plan per vendor, apply with each new key stored before any old key is revoked.
export {parseRef, formatRef} from './inventory/rotate/ref.js';
export type {RefInput, TokenRef} from './inventory/rotate/ref.js';
export {parseDuration, formatDuration, maxGracePeriodMs} from './inventory/rotate/duration.js';
export {matchRefs} from './inventory/rotate/match.js';
export type {MatchedRef} from './inventory/rotate/match.js';
export {planRotation} from './inventory/rotate/plan.js';
export type {PlannedRotation, PlanRotationOptions, RotationPlan} from './inventory/rotate/plan.js';
export type {PlannedPrevious} from './rotation/strategy.js';
export {applyRotation} from './inventory/rotate/apply.js';
export type {ApplyRotationOptions, RotatableItem, RotationEvent} from './inventory/rotate/apply.js';
export type {FailedOutcome, FailureState, RotatedOutcome, RotationOutcome, SkippedOutcome} from './inventory/rotate/outcome.js';
export {revokeTokens} from './inventory/rotate/revoke.js';
export type {RevokeOutcome, RevokeTokensOptions} from './inventory/rotate/revoke.js';
export {describeOutcome, describePlanned, describeRevoke} from './inventory/rotate/describe.js';
export type {RevokeCommand} from './inventory/rotate/describe.js';

// History: runs saved in SQLite or PostgreSQL, the differences between them, and each token's timeline.
export {openHistory} from './history/open.js';
export type {History, HistoryOptions, PostgresHistoryOptions, SqliteHistoryOptions} from './history/open.js';
export {createRunRows, saveRun, saveRunRows} from './history/save-run.js';
export type {RunAccount, RunRows, RunToSave, SaveRunOptions} from './history/save-run.js';
export {listRuns} from './history/list-runs.js';
export type {ListRunsOptions, SavedRun} from './history/list-runs.js';
export {diffRuns, diffClasses} from './history/diff-runs.js';
export type {AccountComparison, DiffClass, RunDiff, TokenDiff} from './history/diff-runs.js';
export type {RunPairOptions, RunSelector} from './history/select-runs.js';
export {changeKinds} from './history/changes.js';
export type {ChangeKind, TokenChange} from './history/changes.js';
export type {StoredToken} from './history/token-record.js';
export {tokenTimeline} from './history/timeline.js';
export type {TimelineEntry, TokenTimeline} from './history/timeline.js';
export {keyRenewals, recordKeyEvents} from './history/key-events.js';
export type {KeyEvent} from './history/key-events.js';
export {pruneRuns} from './history/prune.js';
export type {PruneOptions, Pruned} from './history/prune.js';
export {HistoryError, UnknownRunError, isHistoryError} from './history/history-error.js';
export type {HistorySettings} from './history/config-section.js';
