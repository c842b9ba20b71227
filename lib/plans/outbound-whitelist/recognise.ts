/**
 * Recognising OutboundWhitelist in an export: the planner inverted. Egress accepts (tcp, udp)
 * at one priority above a drop of every protocol to every IPv4 address; the name is the one the
 * rules' descriptions say, read only through `describe.ts`.
 */
import { NetworkModel } from "../../model/network";
import { WORST_PRIORITY } from "../../model/rule";
import { peerText, portText } from "../../model/rule-key";
import { Candidate, ComponentRecogniser, RecognitionScope, accept, entryOf, nameFrom, nameSaid, net, portOf, prio, uniq } from "../recognition";
import { OUTBOUND_WHITELIST } from "./args";
import { readWhitelistRule } from "./describe";

function candidates(model: NetworkModel, scope: RecognitionScope): Candidate[] {
  const out: Candidate[] = [];
  for (const g of model.groups) {
    const rules = scope.unclaimed(g);
    const classic = net(g) === "classic";
    const deny = rules.find((r) => r.type === "egress" && !accept(r) && r.ipProtocol === "all" && r.cidrIp === "0.0.0.0/0");
    if (!deny) continue;
    const denyAll = prio(deny);
    const allows = rules.filter((r) => r.type === "egress" && accept(r) && prio(r) < denyAll && (r.ipProtocol === "tcp" || r.ipProtocol === "udp"));
    if (allows.length === 0) continue;
    const allowPriority = prio(allows[0]);
    const destinations = uniq(allows.filter((r) => prio(r) === allowPriority), (r) => `${peerText(r)}|${r.ipProtocol}`).map((first) => {
      const same = allows.filter((r) => prio(r) === allowPriority && peerText(r) === peerText(first) && r.ipProtocol === first.ipProtocol);
      const ports = uniq(same.map((r) => (first.ipProtocol === "udp" ? portText(r).replace(/^udp:/, "") : portOf(r)))).map((p) => (typeof p === "string" && /^\d+$/.test(p) ? Number(p) : p));
      const peer = entryOf(first);
      return { ...peer, ports, ...(first.ipProtocol === "udp" ? { protocol: "udp" } : {}) };
    });
    const args: Record<string, unknown> = { securityGroupId: g.id, destinations };
    if (denyAll !== WORST_PRIORITY) args.denyAllPriority = denyAll;
    if (allowPriority !== 1) args.allowPriority = allowPriority;
    if ((g.type ?? "normal") === "enterprise") args.groupType = "enterprise";
    if (classic) args.network = "classic";
    const mine = rules.filter((r) => r.type === "egress" && prio(r) >= allowPriority);
    out.push({ component: OUTBOUND_WHITELIST, name: nameSaid(mine, (d) => readWhitelistRule(d)) ?? `${nameFrom(g, "", "group")}-egress`, args, created: {}, into: g.id });
  }
  return out;
}

/** OutboundWhitelist, recognised. */
export const WHITELIST_RECOGNISER: ComponentRecogniser = { component: OUTBOUND_WHITELIST, candidates, readRule: (d) => readWhitelistRule(d) };
