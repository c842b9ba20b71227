/**
 * `alicloud-secgroups/sources`: readers into `NetworkModel`, pure (callers pass file contents):
 * ECS API exports, stack exports (and a stack's resources: `readStack`), Terraform state and the plan's own JSON, each keeping where
 * every rule was read; and VPC flow logs, read record by record.
 */
export { readSource, readOneNetwork, recognise } from "./read-sources";
export type { Recognised } from "./read-sources";
export { readEcsApi, ecsKind, permissionToRule } from "./ecs-api";
export type { EcsDocument, EcsDocumentKind } from "./ecs-api";
export { readPulumiStack } from "./pulumi-stack";
export { networkFromResources, readStack } from "./stack-resources";
export type { StackNetwork, ReadStackOptions } from "./stack-resources";
export { readTerraformShow, readTfstate } from "./terraform";
export { readPlanJson } from "./plan-json";
export { FORMAT_NAMES } from "./source-network";
export type { SourceFile, SourceFormat, SourceNetwork, Origin, Unresolved, UnresolvedKind, GroupUseReason, RuleIdConflict, IncompleteGroup } from "./source-network";
export { readFlowLog, readFlowLogBatches, readFlowLogFiles, readFlowLogFileBatches, emptyFlowLogStats, MAX_FLOW_LOG_LINE } from "./flow-logs";
export type { FlowLogRecord, FlowLogDirection, FlowLogAction, FlowLogStatus, BadFlowLogLine, FlowLogReadStats, FlowLogReadOptions, FlowLogFileStats, FlowLogFilesOptions } from "./flow-logs";
