/**
 * The bulk of the fuzzing, on the pure path every component takes before registering
 * anything (planComponent: plan, then guard): 500 seeded runs per component (`SECGROUPS_FUZZ_RUNS=10` for more). Each run counts
 * how much of the near-valid input is refused, so a generator that only ever produces refusals
 * (and so tests nothing) fails; and a table of valid inputs must plan.
 */
import fc from "fast-check";
import { COMPONENT_PLANNERS, ComponentName, planComponent } from "../../lib/plans";
import { ARGS, componentName } from "./arbitraries";
import { cheapStacksDuringSuite } from "./cheap-stacks";
import { expectSafeOutcome } from "./oracle";
import { fuzzRuns } from "./seed";

const RUNS = fuzzRuns(20240611, 500, "planners");
/** Most of the generated input that may be refused: the rest must plan. */
const MAX_REFUSED = 0.85;

describe("fuzzing the planners", () => {
  cheapStacksDuringSuite();

  const refused: Record<string, number> = {};
  afterAll(() => {
    const line = Object.entries(refused).map(([c, r]) => `${c} ${(r * 100).toFixed(0)} %`).join(", ");
    process.stderr.write(`near-valid input refused: ${line}\n`);
  });

  test.each(Object.keys(COMPONENT_PLANNERS) as ComponentName[])("%s plans a valid network closed to the Internet and clean under the checks, or refuses with a ValidationError", (component) => {
    let runs = 0;
    let errors = 0;
    fc.assert(
      fc.property(componentName, ARGS[component], (name, args) => {
        runs++;
        if (expectSafeOutcome(component, name, args).error) errors++;
      }),
      RUNS,
    );
    refused[component] = errors / runs;
    expect(errors / runs).toBeLessThan(MAX_REFUSED);
  });
});

/** Inputs a user would write, each of which must plan (no refusal, no opt-in). */
const MUST_PLAN: [ComponentName, unknown][] = [
  ["ThreeTierSecurityGroups", { vpcId: "vpc-1" }],
  ["ThreeTierSecurityGroups", { vpcId: "vpc-1", admin: { sources: ["203.0.113.7"] }, egress: "restricted" }],
  ["ThreeTierSecurityGroups", { vpcId: "vpc-1", groupType: "enterprise", web: { cidrs: ["10.0.1.0/24"] }, app: { cidrs: ["10.0.2.0/24"] }, db: { cidrs: ["10.0.3.0/24"] } }],
  ["DatabaseSecurityGroup", { vpcId: "vpc-1", engine: "redis", sources: [{ securityGroupId: "sg-app", name: "app" }] }],
  ["DatabaseSecurityGroup", { vpcId: "vpc-1", engine: "postgresql", sources: ["10.0.2.0/24"] }],
  ["InterconnectGroup", { method: "dedicated-group", vpcId: "vpc-1", members: [{ name: "a", securityGroupId: "sg-a" }, { name: "b", securityGroupId: "sg-b" }] }],
  ["InterconnectGroup", { method: "single-ip", protocol: "icmp", members: [{ name: "a", securityGroupId: "sg-a", privateIp: "10.0.1.11" }, { name: "b", securityGroupId: "sg-b", privateIp: "10.0.1.12" }] }],
  ["InterconnectGroup", { method: "group-authorization", ports: [21], members: [{ name: "server", securityGroupId: "sg-a" }, { name: "partner", securityGroupId: "sg-partner", accountId: "1609982529920000" }] }],
  ["WorkbenchAccess", { securityGroupId: "sg-ops", os: "linux" }],
  ["WorkbenchAccess", { securityGroupId: "sg-ops", os: "windows", via: "both", adminSources: ["203.0.113.7"] }],
  ["WorkbenchAccess", { securityGroupId: "sg-ops", network: "classic", adminSources: ["192.168.1.10"] }],
  ["OutboundWhitelist", { securityGroupId: "sg-app", destinations: [{ cidr: "47.96.0.10", ports: [443] }] }],
  ["OutboundWhitelist", { securityGroupId: "sg-app", network: "classic", destinations: [{ cidr: "47.96.0.10", ports: [443] }], denyAllPriority: 2 }],
  ["OutboundWhitelist", { securityGroupId: "sg-app", destinations: [{ cidr: "2001:db8::10", ports: [443] }, { prefixListId: "pl-mirrors", prefixListMaxEntries: 20, ports: [80] }] }],
];

describe("valid inputs plan", () => {
  test.each(MUST_PLAN)("%s %j", (component, args) => {
    expect(() => planComponent(component, "c", args as never)).not.toThrow();
    expectSafeOutcome(component, "c", args);
  });
});
