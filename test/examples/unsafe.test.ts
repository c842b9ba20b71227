/**
 * The intentionally unsafe example: the jest helpers and the CrossGuard policies, both fed from
 * the same program, report the same problems.
 */
import { checkNetwork, testing } from "../../lib";
import { createPolicies } from "../../lib/policy";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { StackCapture } from "../../lib/testing/capture-network";
import { resourceArgs, stackArgs, validateResource, validateStack } from "../policy/fake-args";
import * as path from "path";
import { run } from "./run-example";

expect.extend(testing.matchers);

const EXPECTED = ["all-ports-open", "broad-intranet-cidr", "public-admin-port", "public-database-port", "shadowed-rule", "world-open-non-web"];

describe("examples/unsafe-legacy", () => {
  let capture: StackCapture;
  beforeAll(async () => {
    capture = await run("unsafe-legacy");
  });

  test("the matchers report each problem", () => {
    const net = capture.network;
    expect(net).not.toHaveNoFindings();
    expect(net).toHaveFinding("public-admin-port", { severity: "high" });
    expect(net).toHaveFinding("public-database-port", { severity: "high" });
    expect(net).toHaveFinding("all-ports-open", { severity: "high" });
    expect(net).toHaveFinding("broad-intranet-cidr");
    expect(net).toHaveFinding("shadowed-rule");
    const withHost = { ...net, instances: [{ id: "legacy-1", privateIp: "10.1.2.3", groups: ["sg-legacy"] }] };
    expect(withHost).toAllow({ from: "198.51.100.7", to: "legacy-1", protocol: "tcp", port: 22 });
    expect(withHost).toDeny({ from: "198.51.100.7", to: "legacy-1", protocol: "tcp", port: 6379 });
  });

  test("the policy pack reports the same checks", async () => {
    const reported = new Set<string>();
    const policies = createPolicies({ all: "mandatory" });
    const rules = capture.resources.filter((r) => r.type === "alicloud:ecs/securityGroupRule:SecurityGroupRule");
    for (const policy of policies) {
      if ("validateResource" in policy) {
        for (const r of rules) {
          const { violations } = await validateResource(policy as ResourceValidationPolicy, resourceArgs(r.type, { ...r.inputs, id: r.id }));
          if (violations.length > 0) reported.add(policy.name);
        }
      } else {
        const args = stackArgs(capture.resources.map((r) => ({ type: r.type, name: r.name, props: { ...r.inputs, id: r.id } })));
        const { violations } = await validateStack(policy as StackValidationPolicy, args);
        if (violations.length > 0) reported.add(policy.name);
      }
    }
    const fromChecks = new Set(checkNetwork(capture.network, { consolidate: false }).map((f) => f.check));
    expect([...fromChecks].sort()).toEqual(EXPECTED);
    // The pack reports each rule once, under its worst check, as checkNetwork does; a resource
    // policy sees one rule alone, so the drop that shadows redis-anywhere (another resource)
    // cannot excuse it there: public-database-port reports it too.
    const leads = new Set(checkNetwork(capture.network).map((f) => f.check));
    expect([...reported].sort()).toEqual([...leads, "public-database-port"].sort());
    expect(reported).not.toContain("world-open-non-web");
  });
});

describe("examples/unsafe-legacy, one finding per problem", () => {
  test("each risky rule gives one finding: the worst, listing the other checks it fails", async () => {
    const { network, origins } = await run("unsafe-legacy");
    const byRule = checkNetwork(network).map((f) => [origins.get(f.groupId)?.[f.ruleIndex as number], f.check, f.alsoFails ?? []]);
    expect(byRule).toEqual([
      ["mysql-range-anywhere", "public-admin-port", ["public-database-port", "world-open-non-web"]],
      ["ssh-anywhere", "public-admin-port", ["world-open-non-web"]],
      ["everything-from-intranet", "all-ports-open", ["broad-intranet-cidr"]],
      ["redis-anywhere", "shadowed-rule", []],
    ]);
  });
});

describe("examples/vpn-wireguard", () => {
  test("the world-open WireGuard port is acknowledged with its reason, and nothing else is found", async () => {
    const capture = await run("vpn-wireguard");
    expect(capture.exemptions.map((e) => [e.check, e.rule])).toEqual([["world-open-non-web", "vpn-wireguard"]]);
    expect(capture.network).toHaveNoFindings();
    expect(capture.network).toHaveFinding("world-open-non-web", { acknowledged: true });
  });

  test("plan shows the finding as acknowledged, with the reason", async () => {
    const { cli } = await import("../cli/helpers");
    const { DEFAULT_ANALYSES } = await import("../../lib/cli/analyses");
    const out = await cli(["plan", path.join(__dirname, "..", "..", "examples", "vpn-wireguard")], { analyses: DEFAULT_ANALYSES });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("Findings (1, 1 acknowledged), by rule:\n  vpn / vpn-wireguard\n    [medium] world-open-non-web: ingress accept udp:51820 from 0.0.0.0/0 (priority 1) opens udp:51820 to every address");
    expect(out.stdout).toContain("      acknowledged (acknowledge(vpn-wireguard, world-open-non-web)): WireGuard endpoint: clients connect from any address by design\n");
  });
});
