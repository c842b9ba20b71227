import { fuzzRuns } from "../fuzz/seed";
import fc from "fast-check";
import { INTERNET, INTERNET_IPV6, accessMatrix, evaluateFlow, lookupAccess, portSetAllows } from "../../lib/analysis";
import type { AccessMatrix, Flow } from "../../lib/analysis";
import { CidrBlock, blockContains, parseAddress, parseCidr } from "../../lib/model/ip";
import { InstanceModel, NetworkModel } from "../../lib/model/network";
import { PREFIX_LISTS, flowArb, groupsArb, shuffle, usableFlow } from "./arbitraries";

const cfg = fuzzRuns(42, 500, "matrix");

/**
 * Networks where every instance is in exactly one group and a group's instances share what
 * CIDR rules see of their address, so a group node stands exactly for each of its members.
 */
function memberNetworkArb(): fc.Arbitrary<NetworkModel> {
  return fc.record({ groups: groupsArb(), twin: fc.boolean(), accountId: fc.constantFrom(undefined, "1111", "2222") }).map(({ groups, twin, accountId }) => {
    const inst = (id: string, privateIp: string, group: string): InstanceModel => (accountId ? { id, privateIp, groups: [group], accountId } : { id, privateIp, groups: [group] });
    const instances = [inst("i-a", "10.0.1.5", "sg-a"), inst("i-b", "10.0.2.1", "sg-b"), inst("i-c", "203.0.113.9", "sg-c")];
    if (twin) instances.push(inst("i-b2", "10.0.2.2", "sg-b"));
    return { groups, instances, prefixLists: PREFIX_LISTS };
  });
}

/** The matrix node standing for an endpoint: its group, the smallest CIDR node around an address, or the Internet. */
function nodeOf(model: NetworkModel, matrix: AccessMatrix, end: string): string {
  const inst = model.instances?.find((i) => i.id === end);
  if (inst) return inst.groups[0];
  const addr = parseAddress(end) as CidrBlock;
  let best: CidrBlock | undefined;
  let name = addr.family === "ipv4" ? INTERNET : INTERNET_IPV6;
  for (const node of matrix.nodes) {
    const b = parseCidr(node);
    if (b && blockContains(b, addr) && (!best || b.prefix > best.prefix)) {
      best = b;
      name = node;
    }
  }
  return name;
}

describe("accessMatrix properties", () => {
  test("agrees with evaluateFlow on sampled flows", () => {
    const ids = ["i-a", "i-b", "i-b2", "i-c"];
    fc.assert(
      fc.property(memberNetworkArb(), fc.array(flowArb(ids), { minLength: 1, maxLength: 12 }), (model, raw) => {
        const matrix = accessMatrix(model);
        const present = new Set((model.instances ?? []).map((i) => i.id));
        const mismatches: Flow[] = [];
        for (const r of raw) {
          if ((ids.includes(r.from) && !present.has(r.from)) || (ids.includes(r.to) && !present.has(r.to)) || r.from === r.to) continue;
          const flow = usableFlow(model, r) as Flow | undefined;
          if (!flow) continue;
          // The matrix pairs nodes of one family; every instance here is IPv4.
          if ([flow.from, flow.to].some((e) => !present.has(e) && parseAddress(e)?.family === "ipv6")) continue;
          const set = lookupAccess(matrix, nodeOf(model, matrix, flow.from), nodeOf(model, matrix, flow.to));
          // Every port around the generated rules' ranges, not only the sampled one.
          const ports = flow.port === undefined ? [undefined] : Array.from({ length: 15 }, (_, k) => 18 + k);
          for (const port of ports) {
            const f = port === undefined ? flow : { ...flow, port };
            if (portSetAllows(set, f.protocol, f.port) !== evaluateFlow(model, f).allowed) mismatches.push(f);
          }
        }
        expect(mismatches).toEqual([]);
      }),
      cfg,
    );
  });

  test("rule and group order never change the matrix", () => {
    fc.assert(
      fc.property(memberNetworkArb(), fc.integer(), (model, seed) => {
        const shuffled: NetworkModel = { ...model, groups: model.groups.map((g, i) => ({ ...g, rules: shuffle(g.rules, seed + i) })) };
        expect(accessMatrix(shuffled)).toEqual(accessMatrix(model));
      }),
      cfg,
    );
  });

  test("lists rows in node order, each pair once", () => {
    fc.assert(
      fc.property(memberNetworkArb(), (model) => {
        const m = accessMatrix(model);
        const pos = new Map(m.nodes.map((n, i) => [n, i]));
        const keys = m.flows.map((f) => (pos.get(f.from) as number) * m.nodes.length + (pos.get(f.to) as number));
        expect(keys).toEqual([...keys].sort((a, b) => a - b));
        expect(new Set(keys).size).toBe(keys.length);
      }),
      cfg,
    );
  });
});
