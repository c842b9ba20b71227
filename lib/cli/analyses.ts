/**
 * Optional report sections computed from the captured network: least-privilege findings and
 * who can reach what. The plan command runs whichever are given; each fills its own field of
 * the report, and the renderers print a section only when its field is present.
 */
import { NetworkModel } from "../model/network";
import type { Intent, IntentResult } from "../analysis/intents";
import type { IntentProofContext } from "../checks/check-options";
import { RuleOrigins } from "../testing/capture-network";
import { planAccess, planFindings } from "./default-analyses";
import { Exemption } from "../model/exemptions";
import { AccessReport, FindingReport, StaleExemptionReport } from "./report";

/** What an analysis is given: the captured network and how the report names things. */
export interface AnalysisInput {
  /** The network as the program would create it (rules as written, not normalised). */
  network: NetworkModel;
  /** Each rule's resource name, by group id and rule index. */
  origins: RuleOrigins;
  /** The report's label of a group id (the id itself for unknown groups). */
  groupLabel(id: string): string;
  /** Acknowledged findings to apply (`--exemptions FILE`). @default none */
  exemptions?: readonly Exemption[];
  /** Intents to prove (the stack's promises and `--intents FILE`): `broken-intent` and `unproven-intent` findings. @default none */
  intents?: readonly Intent[];
  /** What their proof knows besides the network (the program's components, what only deployment tells). @default none */
  intentContext?: IntentProofContext;
  /** Receives the verdict on every intent from the findings' proof. @default none */
  onIntentResults?: (results: IntentResult[]) => void;
}

/** A findings section with the exemptions that matched nothing. */
export interface FindingsSection {
  /** The findings, acknowledged ones included. */
  findings: FindingReport[];
  /** Exemptions that matched no finding. */
  staleExemptions: StaleExemptionReport[];
}

/** The analyses a plan runs. */
export interface PlanAnalyses {
  /** Produces the report's `findings`. @default none: the report has no findings section */
  findings?: (input: AnalysisInput) => FindingReport[] | FindingsSection;
  /** Produces the report's `access` (and the `--diagram` text). @default none: the report has no access section */
  access?: (input: AnalysisInput) => AccessReport;
}

/** The analyses the command runs by default: findings and who can reach what. */
export const DEFAULT_ANALYSES: PlanAnalyses = { findings: planFindings, access: planAccess };
