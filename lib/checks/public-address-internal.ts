/**
 * `public-address-internal`: an instance with a public address whose groups admit nothing from
 * the Internet (seed 004: resources that need no public access should have no public IP; an
 * address nothing may reach is attack surface and cost for nothing). It needs every group of
 * the instance in the model: otherwise it reports nothing.
 */
import { CidrBlock, blockContains, parseCidr } from "../model/ip";
import { quote } from "../model/errors";
import { AnalysedRule, GroupAnalysis, isAcceptedIngress, sourceBlocks } from "./group-analysis";
import { analysisOf, groupsOf } from "./shared-analysis";
import { CheckDefinition, Issue, NetworkCheck } from "./issue";

/** Internal space: RFC 1918, 100.64.0.0/10 (Alibaba's services, Workbench's private side), IPv6 unique-local and link-local. */
const INTERNAL = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10"].map((c) => parseCidr(c) as CidrBlock);

function internal(block: CidrBlock): boolean {
  return INTERNAL.some((p) => p.family === block.family && blockContains(p, block));
}

/** True when the rule may admit some public address (an undescribed prefix list is taken to). */
function admitsPublic(analysis: GroupAnalysis, rule: AnalysedRule): boolean {
  if (!isAcceptedIngress(rule) || rule.peer.kind === "group") return false;
  // In a classic group an intranet rule applies to internal peers only.
  if (rule.classic && rule.nicType === "intranet") return false;
  if (rule.peer.kind === "prefix-list" && rule.peer.entries === undefined) return true;
  if (!sourceBlocks(rule).some((b) => !internal(b))) return false;
  return analysis.openAfterDrops(rule).size > 0;
}

/** Reports instances with a public address none of whose groups admits a public address. */
const publicAddressInternal: NetworkCheck = (network, options) => {
  const groups = new Map(groupsOf(network).map((g) => [g.id, g]));
  const open = new Map<string, boolean>();
  const admits = (id: string): boolean => {
    if (!open.has(id)) {
      const analysis = analysisOf(options, network, groups.get(id) as NonNullable<ReturnType<typeof groups.get>>);
      open.set(id, analysis.rules.some((r) => admitsPublic(analysis, r)));
    }
    return open.get(id) as boolean;
  };
  const out: Issue[] = [];
  for (const instance of Array.isArray(network.instances) ? network.instances : []) {
    if (!instance || !Array.isArray(instance.groups) || instance.groups.length === 0) continue;
    const publicIp = instance.publicIp;
    if (publicIp === undefined || publicIp === false || publicIp === "") continue;
    if (!instance.groups.every((g) => groups.has(g))) continue;
    if (instance.groups.some(admits)) continue;
    const address = typeof publicIp === "string" ? ` ${publicIp}` : "";
    out.push({
      groupId: instance.groups[0],
      instanceId: String(instance.id),
      message: `Instance ${quote(instance.id)} has a public address${address}, but its groups (${instance.groups.join(", ")}) admit nothing from the Internet.`,
      fix: "Release the public IP (or EIP) and reach the instance privately: Workbench over 100.104.0.0/16, a bastion, or a NAT gateway for outbound traffic.",
    });
  }
  return out;
};

/** The `public-address-internal` check. */
export const publicAddressInternalCheck: CheckDefinition<"public-address-internal"> = {
  // Cloud Config's ecs-running-instance-no-public-ip flags every public IP; this check flags
  // only those whose groups admit nothing from the Internet.
  id: "public-address-internal",
  description: "Checks that an instance with a public address has a group admitting something from the Internet; otherwise it needs no public IP.",
  severity: "medium",
  configRules: ["ecs-running-instance-no-public-ip"],
  scope: "network",
  options: [],
  network: publicAddressInternal,
};
