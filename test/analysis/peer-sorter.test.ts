import fc from "fast-check";
import { fuzzRuns } from "../fuzz/seed";
import { ruleMatchesPeer, sideOf } from "../../lib/analysis/judge";
import { peerSorter } from "../../lib/analysis/region-diff";
import { PeerPoint, networkIndex, pointOf } from "../../lib/analysis/rule-index";
import { CidrBlock, parseAddress } from "../../lib/model/ip";
import { NetworkModel } from "../../lib/model/network";
import { GROUP_IDS, OUTSIDE, networkArb } from "./arbitraries";

const cfg = fuzzRuns(7, 100, "peer-sorter");

/** The judge's own test on every rule of the side: bit i set when rule i matches the peer. */
function everyRule(rules: ReturnType<typeof sideOf>["rules"], peer: PeerPoint): number[] {
  const words = new Array<number>(Math.ceil(rules.length / 32) || 1).fill(0);
  rules.forEach((r, i) => {
    if (ruleMatchesPeer(r, peer)) words[i >>> 5] |= 1 << (i & 31);
  });
  return words;
}

/** Every peer a region computation meets: the instances' addresses, stand-in members (in an account or not), outside hosts. */
function peers(model: NetworkModel): PeerPoint[] {
  const index = networkIndex(model);
  const out: PeerPoint[] = [];
  for (const inst of index.instances.values()) for (const p of Object.values(inst.points)) if (p) out.push(p);
  for (const g of GROUP_IDS) {
    for (const family of ["ipv4", "ipv6"] as const) {
      out.push({ family, v4: 0, v6: 0n, internal: true, anonymous: true, groups: new Set([g]) });
      out.push({ family, v4: 0, v6: 0n, internal: true, anonymous: true, groups: new Set([g]), accountId: "2222" });
    }
  }
  for (const a of OUTSIDE) {
    const block = parseAddress(a) as CidrBlock;
    out.push(pointOf(block, a.startsWith("10.")));
  }
  return out;
}

describe("a side's peer sorter finds exactly the rules the judge's own test matches", () => {
  const check = (model: NetworkModel) => {
    const index = networkIndex(model);
    const sides = [...index.instances.values()].map((i) => i.groupIds).concat(GROUP_IDS.filter((g) => index.groups.has(g)).map((g) => [g]));
    const points = peers(model);
    // Every disagreement, side by side, in one assertion (an assertion per peer was most of the test's time).
    const wrong: { groupIds: readonly string[]; direction: string; peer: PeerPoint; sorter: readonly number[]; judge: number[] }[] = [];
    for (const groupIds of sides) {
      for (const direction of ["ingress", "egress"] as const) {
        const side = sideOf(index, groupIds, direction);
        const sorter = peerSorter(side);
        for (const p of points) {
          const got = sorter.words(p);
          const want = everyRule(side.rules, p);
          if (got.length !== want.length || got.some((w, i) => w !== want[i])) wrong.push({ groupIds, direction, peer: p, sorter: got, judge: want });
        }
      }
    }
    expect(wrong).toEqual([]);
  };

  test("VPC networks: instances by their address cell and groups, stand-ins by their family's whole blocks", () => {
    fc.assert(fc.property(networkArb(), (model) => check(model)), cfg);
  });

  test("classic networks (nic types count) ask every rule, and agree", () => {
    const classic = networkArb().filter((m) => m.groups.every((g) => g.type !== "enterprise")).map((m) => ({ ...m, groups: m.groups.map((g) => ({ ...g, vpcId: "" })) }));
    // Rules a classic group cannot hold (prefix lists, IPv6) are taken out: the network must be one the index accepts.
    const accepted = classic.map((m) => ({ ...m, groups: m.groups.map((g) => ({ ...g, rules: g.rules.filter((r) => r.prefixListId === undefined && r.ipv6CidrIp === undefined) })) }));
    fc.assert(fc.property(accepted, (model) => check(model)), { ...cfg, numRuns: Math.min(cfg.numRuns ?? 100, 100) });
  });
});
