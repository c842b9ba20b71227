/**
 * The matrix hides nothing and the evaluator refuses what is not a flow: internal addresses of
 * a classic network get their own node, a block of members stands for every address in it,
 * and a flow between address families is bad input.
 */
import { INTRANET, accessMatrix, evaluateFlow, formatPortSet, lookupAccess } from "../../lib/analysis";
import { ValidationError } from "../../lib/model/errors";
import { NetworkModel } from "../../lib/model/network";
import { instance, tcpIn, vpcGroup } from "./fixtures";

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.code;
  }
  return undefined;
}

describe("accessMatrix hides nothing", () => {
  test("a classic group's intranet 0.0.0.0/0 on port 22 shows its inbound row, from the intranet node", () => {
    const model: NetworkModel = { groups: [{ id: "sg-c", network: "classic", rules: [tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { nicType: "intranet" })] }] };
    const m = accessMatrix(model);
    expect(m.nodes).toContain(INTRANET);
    expect(formatPortSet(lookupAccess(m, INTRANET, "sg-c"))).toBe("tcp 22");
    expect(lookupAccess(m, "internet", "sg-c")).toEqual([]);
  });

  test("an internal block under a classic group's rules is enclosed by the intranet node", () => {
    const model: NetworkModel = { groups: [{ id: "sg-c", network: "classic", rules: [tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { nicType: "intranet" }), tcpIn("80/80", { cidrIp: "10.0.0.0/8" }, { nicType: "intranet" })] }] };
    const m = accessMatrix(model);
    expect(m.enclosing["10.0.0.0/8"]).toBe(INTRANET);
    expect(formatPortSet(lookupAccess(m, "10.0.0.0/8", "sg-c"))).toBe("tcp 22, 80");
  });

  test("VPC-only models have no intranet node (one rule governs every address)", () => {
    expect(accessMatrix({ groups: [vpcGroup("sg-a", [tcpIn("22/22", { cidrIp: "0.0.0.0/0" })])] }).nodes).not.toContain(INTRANET);
  });

  test("a groupAddresses block reports what any of its addresses get, narrower accepted blocks included", () => {
    const model: NetworkModel = {
      groups: [vpcGroup("sg-app", []), vpcGroup("sg-db", [tcpIn("3306/3306", { cidrIp: "10.0.1.0/24" })])],
    };
    const m = accessMatrix(model, { groupAddresses: { "sg-app": ["10.0.0.0/16"] } });
    expect(formatPortSet(lookupAccess(m, "sg-app", "sg-db"))).toBe("tcp 3306");
    // The evaluator agrees for a member inside the narrower block.
    const withMember: NetworkModel = { ...model, instances: [instance("i-app", "10.0.1.9", ["sg-app"]), instance("i-db", "10.0.3.9", ["sg-db"])] };
    expect(evaluateFlow(withMember, { from: "i-app", to: "i-db", protocol: "tcp", port: 3306 }).allowed).toBe(true);
  });
});

describe("evaluateFlow refuses what is not a flow", () => {
  const model: NetworkModel = {
    groups: [vpcGroup("sg-a", [tcpIn("22/22", { cidrIp: "0.0.0.0/0" })])],
    instances: [instance("i-v4", "10.0.0.5", ["sg-a"]), instance("i-v6", "2001:db8::5", ["sg-a"])],
  };
  test.each<[string, Parameters<typeof evaluateFlow>[1]]>([
    ["an IPv6 sender and an IPv4-only instance", { from: "2001:db8::9", to: "i-v4", protocol: "tcp", port: 22 }],
    ["an IPv4-only instance sending to an IPv6 address", { from: "i-v4", to: "2001:db8::9", protocol: "tcp", port: 22 }],
    ["icmpv6 to an IPv4-only instance", { from: "i-v6", to: "i-v4", protocol: "icmpv6" }],
    ["icmp to an IPv6 instance", { from: "10.0.0.9", to: "i-v6", protocol: "icmp" }],
  ])("%s", (_name, flow) => {
    expect(code(() => evaluateFlow(model, flow))).toBe("protocol-family-mismatch");
  });
});

describe("cached answers never go stale", () => {
  test("a model the evaluator caches on is frozen, so it cannot change under the cache", () => {
    const model: NetworkModel = { groups: [vpcGroup("sg-a", [tcpIn("22/22", { cidrIp: "0.0.0.0/0" })])], instances: [instance("i-a", "10.0.0.5", ["sg-a"])] };
    expect(evaluateFlow(model, { from: "198.51.100.1", to: "i-a", protocol: "tcp", port: 22 }).allowed).toBe(true);
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.groups[0].rules[0])).toBe(true);
    expect(() => {
      (model.groups[0].rules[0] as { policy?: string }).policy = "drop";
    }).toThrow(TypeError);
    // A changed copy is a new model, answered afresh.
    const changed: NetworkModel = { ...model, groups: [{ ...model.groups[0], rules: [{ ...model.groups[0].rules[0], policy: "drop" }] }] };
    expect(evaluateFlow(changed, { from: "198.51.100.1", to: "i-a", protocol: "tcp", port: 22 }).allowed).toBe(false);
  });
});
