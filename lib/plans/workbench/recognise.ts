/**
 * Recognising WorkbenchAccess in an export: the planner inverted. Accepts from Workbench's ranges
 * on one set of ports, and the admin addresses the component described (or that carry no
 * description) on the same ports; descriptions are read only through `describe.ts`.
 */
import { NetworkModel } from "../../model/network";
import { peerText } from "../../model/rule-key";
import { WORKBENCH_CIDRS } from "../../model/services";
import { Candidate, ComponentRecogniser, RecognitionScope, accept, entryOf, isWorld, nameFrom, nameSaid, net, portOf, prio, sameSet, uniq, unsafeIn, widestPrefixes } from "../recognition";
import { WORKBENCH_ACCESS } from "./args";
import { readWorkbenchRule } from "./describe";

function candidates(model: NetworkModel, scope: RecognitionScope): Candidate[] {
  const out: Candidate[] = [];
  for (const g of model.groups) {
    const rules = scope.unclaimed(g).filter((r) => r.type === "ingress" && accept(r) && prio(r) === 1);
    const from = (cidr: string) => rules.filter((r) => r.cidrIp === cidr);
    const priv = from(WORKBENCH_CIDRS.private);
    const pub = from(WORKBENCH_CIDRS.public);
    if (priv.length === 0 && pub.length === 0) continue;
    const via = priv.length > 0 && pub.length > 0 ? "both" : priv.length > 0 ? "private" : "public";
    const ports = uniq([...priv, ...pub].map(portOf));
    const base: Record<string, unknown> = { securityGroupId: g.id };
    if (sameSet(ports, [3389])) base.os = "windows";
    else if (!sameSet(ports, [22])) base.ports = ports;
    if (via !== "private") base.via = via;
    if ((g.type ?? "normal") === "enterprise") base.groupType = "enterprise";
    if (net(g) === "classic") base.network = "classic";
    const unsafe = unsafeIn([g]);
    if (unsafe) base.allowUnsafe = unsafe;
    const describedAdmin = (description: string | undefined) => !description || readWorkbenchRule(description)?.said?.kind === "administrator";
    const admins = uniq(rules.filter((r) => ports.includes(portOf(r)) && r.cidrIp !== WORKBENCH_CIDRS.private && r.cidrIp !== WORKBENCH_CIDRS.public && !isWorld(r) && describedAdmin(r.description)), peerText).map(entryOf);
    const name = nameSaid([...priv, ...pub], (d) => readWorkbenchRule(d)) ?? `${nameFrom(g, "", "group")}-workbench`;
    if (admins.length > 0) {
      const { v4, v6 } = widestPrefixes(admins);
      out.push({ component: WORKBENCH_ACCESS, name, args: { ...base, adminSources: admins, ...(v4 < 32 ? { maxAdminPrefix: v4 } : {}), ...(v6 < 128 ? { maxAdminPrefixIpv6: v6 } : {}) }, created: {}, into: g.id });
    }
    out.push({ component: WORKBENCH_ACCESS, name, args: base, created: {}, into: g.id });
  }
  return out;
}

/** WorkbenchAccess, recognised. */
export const WORKBENCH_RECOGNISER: ComponentRecogniser = { component: WORKBENCH_ACCESS, candidates, readRule: (d) => readWorkbenchRule(d) };
