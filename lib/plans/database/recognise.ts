/**
 * Recognising DatabaseSecurityGroup in an export: the planner inverted. A VPC group whose
 * accepts at the best priority admit its clients on the ports a drop (below them) denies to every
 * other address. Descriptions are read only through `describe.ts`.
 */
import { NetworkModel } from "../../model/network";
import { WORST_PRIORITY } from "../../model/rule";
import { DatabaseEngine } from "../../model/services";
import { peerText } from "../../model/rule-key";
import { Candidate, ComponentRecogniser, RecognitionScope, accept, callerTags, engineOf, entryOf, nameFrom, net, own, portOf, prio, uniq, unsafeIn } from "../recognition";
import { readTierGroup } from "../three-tier/describe";
import { DATABASE_GROUP } from "./args";
import { DATABASE_ROLE, readDatabaseGroup, readDatabaseRule } from "./describe";

/** The engine a group's description says: a database group's, or a three-tier database tier's (adopted on its own). */
function engineSaid(description: string): DatabaseEngine | undefined {
  return readDatabaseGroup(description)?.engine ?? readTierGroup(description)?.engine;
}

function candidates(model: NetworkModel, scope: RecognitionScope): Candidate[] {
  const out: Candidate[] = [];
  for (const whole of model.groups.filter(scope.free)) {
    if (net(whole) !== "vpc" || !whole.vpcId) continue;
    const name = nameFrom(whole, "db", "database");
    const g = own(whole, (description) => readDatabaseRule(description, name)?.role === DATABASE_ROLE);
    const drops = g.rules.filter((r) => r.type === "ingress" && !accept(r) && r.cidrIp === "0.0.0.0/0" && prio(r) > 1);
    if (drops.length === 0) continue;
    const denyPriority = prio(drops[0]);
    const ports = uniq(drops.filter((r) => prio(r) === denyPriority).map(portOf));
    const accepts = g.rules.filter((r) => r.type === "ingress" && accept(r) && prio(r) === 1 && ports.includes(portOf(r)));
    if (accepts.length === 0) continue;
    const args: Record<string, unknown> = { vpcId: g.vpcId, sources: uniq(accepts, peerText).map(entryOf) };
    const eng = engineOf(engineSaid(g.description ?? ""), ports);
    if (eng.engine) args.engine = eng.engine;
    if (eng.ports) args.ports = eng.ports;
    if ((g.type ?? "normal") === "enterprise") args.groupType = "enterprise";
    else if (g.innerAccessPolicy && g.innerAccessPolicy !== "Drop") args.innerAccessPolicy = g.innerAccessPolicy;
    if (denyPriority !== WORST_PRIORITY) args.denyPriority = denyPriority;
    const tags = callerTags(g);
    if (tags) args.tags = tags;
    const unsafe = unsafeIn([g]);
    if (unsafe) args.allowUnsafe = unsafe;
    out.push({ component: DATABASE_GROUP, name, args, created: { db: g.id } });
  }
  return out;
}

/** DatabaseSecurityGroup, recognised. */
export const DATABASE_RECOGNISER: ComponentRecogniser = { component: DATABASE_GROUP, candidates, readRule: (d) => readDatabaseRule(d) };
