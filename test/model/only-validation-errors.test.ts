/**
 * The public functions refuse bad input with a ValidationError and nothing else: null entries,
 * objects for arrays, unknown component names, options of the wrong type.
 */
import fc from "fast-check";
import * as lib from "../../lib";
import { ValidationError } from "../../lib/model/errors";

const junk = fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true });

function onlyValidationErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw new Error(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

const good: lib.NetworkModel = {
  groups: [{ id: "sg-a", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "10.0.0.0/8" }] }],
  instances: [{ id: "i-a", privateIp: "10.0.0.5", groups: ["sg-a"] }],
};

// Almost-valid networks: the good one with one place replaced by junk.
const nearNetwork = fc.oneof(
  junk,
  junk.map((j) => ({ ...good, groups: [j] })),
  junk.map((j) => ({ ...good, groups: [{ ...good.groups[0], rules: [j] }] })),
  junk.map((j) => ({ ...good, groups: [{ ...good.groups[0], rules: j }] })),
  junk.map((j) => ({ ...good, instances: j })),
  junk.map((j) => ({ ...good, instances: [j] })),
  junk.map((j) => ({ ...good, instances: [{ ...good.instances![0], groups: j }] })),
  junk.map((j) => ({ ...good, instances: [{ ...good.instances![0], ipv6Addresses: j }] })),
  junk.map((j) => ({ ...good, prefixLists: j })),
  junk.map((j) => ({ ...good, prefixLists: [j] })),
  junk.map((j) => ({ ...good, prefixLists: [{ id: "pl-a", cidrs: j }] })),
  junk.map((j) => ({ ...good, groups: [{ ...good.groups[0], network: j }] })),
  junk.map((j) => ({ ...good, groups: [{ ...good.groups[0], vpcId: j }] })),
);

const run = { seed: 9, numRuns: 300 };

describe("public functions throw only ValidationError", () => {
  test.each<[string, (net: unknown, x: unknown) => unknown]>([
    ["validateRule", (_n, x) => lib.validateRule(x as never)],
    ["validateRules", (_n, x) => lib.validateRules(x as never)],
    ["validateGroup", (_n, x) => lib.validateGroup(x as never, x as never)],
    ["validateNetwork", (n, x) => lib.validateNetwork(n as never, x as never)],
    ["networkProblems", (n, x) => lib.networkProblems(n as never, x as never)],
    ["ruleKey", (_n, x) => lib.ruleKey(x as never)],
    ["ruleKeyIn", (_n, x) => lib.ruleKeyIn(x as never, x as never)],
    ["dedupeRules", (_n, x) => lib.dedupeRules(x as never, x as never)],
    ["evaluateFlow", (n, x) => lib.evaluateFlow(n as never, x as never)],
    ["evaluateFlow on a good model", (_n, x) => lib.evaluateFlow(good, x as never)],
    ["compileNetwork", (n) => lib.compileNetwork(n as never)],
    ["accessMatrix", (n, x) => lib.accessMatrix(n as never, x as never)],
    ["accessMatrix options", (_n, x) => lib.accessMatrix(good, x as never)],
    ["accessMatrix groupAddresses", (_n, x) => lib.accessMatrix(good, { groupAddresses: x as never })],
    ["lookupAccess", (_n, x) => lib.lookupAccess(x as never, "a", "b")],
    ["checkNetwork", (n, x) => lib.checkNetwork(n as never, x as never)],
    ["checkNetwork options", (_n, x) => lib.checkNetwork(good, x as never)],
    ["planComponent of an unknown component", (_n, x) => lib.planComponent(x as never, "c", {} as never)],
    ["planComponent", (_n, x) => lib.planComponent("ThreeTierSecurityGroups", "c", x as never)],
    ["planComponent options", (_n, x) => lib.planComponent("WorkbenchAccess", "c", { securityGroupId: "sg-a" }, x as never)],
    ["guardPlan", (_n, x) => lib.guardPlan(x as never)],
    ["Port.tcp", (_n, x) => lib.Port.tcp(x as never)],
    ["Peer.cidr", (_n, x) => lib.Peer.cidr(x as never)],
    ["Peer.securityGroup", (_n, x) => lib.Peer.securityGroup(x as never, x as never)],
  ])("%s", (_name, fn) => {
    fc.assert(fc.property(nearNetwork, junk, (n, x) => onlyValidationErrors(() => fn(n, x))), run);
  });

  test("networkProblems never throws at all", () => {
    fc.assert(fc.property(nearNetwork, (n) => void lib.networkProblems(n as never)), run);
  });
});
