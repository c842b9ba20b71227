/**
 * `alicloud-secgroups/cli`: the commands (`plan`, `audit`, `diff`, `adopt`) as functions: argument
 * parsing, the runs and the renderers of their reports (`PlanReport` and the others).
 */
export { runCli, registerHandler, planCommand, findingsAtLevel, readAnswers, errorJson } from "./run-cli";
export type { CliIo, CommandHandler } from "./run-cli";
export type { OutputFs, OutputPath } from "./output-files";
export { parseCliArgs, packageVersion, USAGE, helpText, registerCommand, commandSpecs, SHARED_OPTIONS, PLAN_COMMAND, REPORT_FORMATS, FAIL_ON_LEVELS } from "./args";
export type { CliArgs, CommandSpec, OwnOption, SharedOptionName, ReportFormat, FailOn } from "./args";
export { planProject, ProgramError } from "./plan";
export type { PlanOptions, PlanResult } from "./plan";
export { buildReport } from "./build-report";
export type { ReportSource } from "./build-report";
export { renderText } from "./render-text";
export { renderJson } from "./render-json";
export { renderMarkdown } from "./render-markdown";
export { REPORT_VERSION } from "./report";
export type { PlanReport, GroupReport, RuleReport, PeerReport, InvalidRuleReport, PlanTotals, FindingReport, StaleExemptionReport, AccessReport, AccessEntry, InstanceReport, AssumedReport } from "./report";
export { DEFAULT_ANALYSES } from "./analyses";
export type { PlanAnalyses, AnalysisInput, FindingsSection } from "./analyses";
export { findProject, readStackConfig } from "./project";
export type { PulumiProject } from "./project";
export { nodeLoader, programOf, registerTypeScript, chooseCompiler, DEFAULT_COMPILER_OPTIONS } from "./load-program";
export type { CompilerChoice } from "./load-program";
export type { ModuleLoader } from "./load-program";
export { CliError, EXIT_FINDINGS, EXIT_PROGRAM_ERROR, EXIT_USAGE_ERROR } from "./cli-error";
export { planCiReport, auditCiReport, diffCiReport, OPENED_REGION_CHECK } from "./ci-report";
export type { CiReport, CiResult, CiCheck, CiSubject, CiLocation, CiLogicalName, CiSeverity } from "./ci-report";
export { renderSarif, fingerprint, FINGERPRINT_KEY, SARIF_SCHEMA } from "./render-sarif";
export { renderJunit } from "./render-junit";
export { renderGithub } from "./render-github";
export { runCiAction, actionOptions } from "./ci-action";
export type { CiActionOptions, CiActionResult } from "./ci-action";
export { runDiffCommand } from "./diff";
export type { CommandResult } from "./diff";
export { runAuditCommand, renderAudit } from "./audit";
export { runReviewCommand } from "./review-commands";
export { parseDiffArgs, parseAuditArgs, readExemptionsFile, DIFF_USAGE, AUDIT_USAGE } from "./review-args";
export type { DiffCommandOptions, AuditCommandOptions, ReviewCommandOptions } from "./review-args";
export { renderDiffMarkdown, renderDiffText, diffReport } from "./render-diff";
export type { DiffReport, DiffIntentsReport } from "./render-diff";
export { intentsReport, intentsSummary, intentsLines, readIntentsFile, recognisedIntents } from "./intents-section";
export type { IntentsReport, IntentReport, IntentWitnessReport, SourcedIntent, IntentRuleName } from "./intents-section";
