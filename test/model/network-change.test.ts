import { NetworkModel, validateNetwork, validateNetworkChange } from "../../lib/model/network";
import { overlayMap } from "../../lib/model/overlay-map";
import { RuleArgs } from "../../lib/model/rule";

const ssh = (cidrIp: string): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp });

/** Three groups; i-1 holds sg-a and sg-b, i-2 sg-c, i-3 sg-a. */
const network: NetworkModel = {
  groups: [
    { id: "sg-a", vpcId: "vpc-1", rules: [ssh("10.0.0.0/8")] },
    { id: "sg-b", vpcId: "vpc-1", rules: [ssh("10.1.0.0/16")] },
    { id: "sg-c", vpcId: "vpc-1", rules: [ssh("10.2.0.0/16")] },
  ],
  instances: [
    { id: "i-1", privateIp: "10.0.0.1", groups: ["sg-a", "sg-b"] },
    { id: "i-2", privateIp: "10.0.0.2", groups: ["sg-c"] },
    { id: "i-3", privateIp: "10.0.0.3", groups: ["sg-a"] },
  ],
  prefixLists: [],
};

const changed = (rules: RuleArgs[], id = "sg-a"): NetworkModel => ({ ...network, groups: network.groups.map((g) => (g.id === id ? { ...g, rules } : g)) });

const refusal = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

describe("validateNetworkChange reads again only the changed group and the instances that hold it", () => {
  const options = { maxRulesPerInterface: 3 };
  // A valid network of its own per test: what a read keeps of a valid network is kept per object.
  let valid: NetworkModel;
  beforeEach(() => {
    valid = validateNetwork({ ...network }, options);
  });

  test("the same normalised network as reading it whole, the unchanged groups the valid network's objects", () => {
    const after = changed([ssh("10.0.0.0/8"), ssh("10.9.0.0/16")]);
    const read = validateNetworkChange(network, valid, after, new Set(["sg-a"]), options);
    expect(read).toEqual(validateNetwork(after, options));
    expect(read?.groups[1]).toBe(valid.groups[1]);
    expect(read?.instances).toEqual(network.instances);
  });

  test("an instance that holds the changed group over the interface's quota is refused as reading it whole refuses it", () => {
    // i-1 holds sg-a and sg-b: three rules and one are four, over the limit of three; i-3 holds three.
    const after = changed([ssh("10.0.0.0/8"), ssh("10.9.0.0/16"), ssh("10.8.0.0/16")]);
    const whole = refusal(() => validateNetwork(after, options));
    expect(whole).toMatch(/i-1/);
    expect(refusal(() => validateNetworkChange(network, valid, after, new Set(["sg-a"]), options))).toBe(whole);
  });

  test("two changed groups whose instances go over the quota: the first instance of the input is refused, as reading it whole refuses it", () => {
    // sg-c (held by i-2) and sg-a (held by i-1 and i-3) both grow; the groups are named in the other order.
    const rules = [ssh("10.2.0.0/16"), ssh("10.3.0.0/16"), ssh("10.4.0.0/16"), ssh("10.5.0.0/16")];
    const after: NetworkModel = { ...network, groups: network.groups.map((g) => (g.id === "sg-b" ? g : { ...g, rules })) };
    const whole = refusal(() => validateNetwork(after, options));
    expect(whole).toMatch(/instances\[0\]/);
    expect(refusal(() => validateNetworkChange(network, valid, after, new Set(["sg-c", "sg-a"]), options))).toBe(whole);
  });

  test("a changed group's rule the API refuses is refused at its place in the input", () => {
    const after = changed([ssh("10.0.0.0/8"), { type: "ingress", ipProtocol: "tcp", portRange: "30/20", cidrIp: "10.0.0.0/8" }], "sg-b");
    const whole = refusal(() => validateNetwork(after, options));
    expect(whole).toMatch(/groups\[1\]\.rules\[1\]/);
    expect(refusal(() => validateNetworkChange(network, valid, after, new Set(["sg-b"]), options))).toBe(whole);
  });

  test("a change to a group no instance over the quota holds passes", () => {
    const after = changed([ssh("10.2.0.0/16"), ssh("10.3.0.0/16"), ssh("10.4.0.0/16")], "sg-c");
    expect(validateNetworkChange(network, valid, after, new Set(["sg-c"]), options)).toEqual(validateNetwork(after, options));
  });

  test("a group's new rule naming a group of the network is checked against that group as read", () => {
    const after = changed([{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", sourceSecurityGroupId: "sg-c" }]);
    expect(validateNetworkChange(network, valid, after, new Set(["sg-a"]), options)).toEqual(validateNetwork(after, options));
  });
});

describe("validateNetworkChange refuses a changed group's references as reading the whole network does", () => {
  const estate: NetworkModel = {
    groups: [
      { id: "sg-x", vpcId: "vpc-2", rules: [] },
      { id: "sg-a", vpcId: "vpc-1", rules: [ssh("10.0.0.0/8")] },
      { id: "sg-e", vpcId: "vpc-1", type: "enterprise", rules: [] },
    ],
    instances: [{ id: "i-1", privateIp: "10.0.0.1", groups: ["sg-a"] }],
    prefixLists: [],
  };
  const valid = validateNetwork(estate);
  const naming = (peer: string): NetworkModel => ({ ...estate, groups: estate.groups.map((g) => (g.id === "sg-a" ? { ...g, rules: [ssh("10.0.0.0/8"), { type: "ingress", ipProtocol: "tcp", portRange: "22/22", sourceSecurityGroupId: peer }] } : g)) });

  test.each([
    ["an enterprise group", "sg-e", /groups\[1\]\.rules\[1\]\.sourceSecurityGroupId.*enterprise/],
    ["a group of another VPC", "sg-x", /groups\[1\]\.rules\[1\]\.sourceSecurityGroupId.*vpc-2/],
  ])("a rule naming %s, at the rule's place in the input", (_, peer, message) => {
    const after = naming(peer);
    const whole = refusal(() => validateNetwork(after));
    expect(whole).toMatch(message);
    expect(refusal(() => validateNetworkChange(estate, valid, after, new Set(["sg-a"])))).toBe(whole);
  });
});

describe("overlayMap", () => {
  const base = new Map([
    ["a", 1],
    ["b", 2],
    ["c", 3],
  ]);

  test("the base's keys, order and size, a replaced key its new value, a key the base lacks not added", () => {
    const m = overlayMap(base, new Map([["b", 20], ["z", 26]]));
    expect(m.size).toBe(3);
    expect([m.get("a"), m.get("b"), m.get("c"), m.get("z")]).toEqual([1, 20, 3, undefined]);
    expect([m.has("b"), m.has("z")]).toEqual([true, false]);
    expect([...m]).toEqual([["a", 1], ["b", 20], ["c", 3]]);
    expect([...m.keys()]).toEqual(["a", "b", "c"]);
    expect([...m.values()]).toEqual([1, 20, 3]);
    expect([...m.entries()]).toEqual([...new Map([...base, ["b", 20]])]);
    const seen: string[] = [];
    m.forEach((v, k, map) => {
      expect(map).toBe(m);
      seen.push(`${k}=${v}`);
    });
    expect(seen).toEqual(["a=1", "b=20", "c=3"]);
  });

  test("an overlay of an overlay holds both replacements, the later winning, and leaves the base untouched", () => {
    const once = overlayMap(base, new Map([["a", 10], ["b", 20]]));
    const twice = overlayMap(once, new Map([["b", 200]]));
    expect([...twice]).toEqual([["a", 10], ["b", 200], ["c", 3]]);
    expect([...once]).toEqual([["a", 10], ["b", 20], ["c", 3]]);
    expect([...base]).toEqual([["a", 1], ["b", 2], ["c", 3]]);
  });

  test("a replaced value may be undefined", () => {
    const m = overlayMap(new Map<string, number | undefined>([["a", 1]]), new Map([["a", undefined]]));
    expect(m.get("a")).toBeUndefined();
    expect(m.has("a")).toBe(true);
  });
});
