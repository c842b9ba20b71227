/**
 * A plan survives what it cannot run: a resource the mocks cannot serve (a dynamic provider's,
 * as an ECI container group is written, whose provider Pulumi cannot even serialize) is planned
 * as opaque, listed as assumed with why, and the rest of the program plans; what is built from
 * its outputs says so.
 */
import { DEFAULT_ANALYSES } from "../../lib/cli/analyses";
import { PlanReport } from "../../lib/cli/report";
import { cli } from "./helpers";

describe("plan of a program with dynamic resources", () => {
  let report: PlanReport;
  let text: string;
  beforeAll(async () => {
    const run = await cli(["plan", "dynamic", "--json", "--fail-on", "none"], { analyses: DEFAULT_ANALYSES });
    expect(run.stderr).not.toContain("could not be registered");
    expect(run.code).toBe(0);
    report = JSON.parse(run.stdout) as PlanReport;
    text = (await cli(["plan", "dynamic", "--fail-on", "none"], { analyses: DEFAULT_ANALYSES })).stdout;
  });

  test("the security group and both world-open rules are planned and reported as findings", () => {
    const group = report.groups.find((g) => g.label === "eci");
    expect(group?.rules.filter((r) => r.peer.value === "0.0.0.0/0").map((r) => `${r.resource} ${r.portsText}`)).toEqual(["eci-ssh 22", "eci-rdp 3389"]);
    const worldOpen = (report.findings ?? []).filter((f) => f.rule === "eci-ssh" || f.rule === "eci-rdp");
    expect(worldOpen.map((f) => `${f.rule} ${f.check} ${f.severity}`).sort()).toEqual(["eci-rdp public-admin-port high", "eci-ssh public-admin-port high"]);
  });

  test("each dynamic resource is listed under Assumed: its type, its name, and why it was not run", () => {
    const opaque = report.assumed.filter((a) => a.kind === "opaque-resource");
    expect(opaque.map((a) => [a.resource, a.subject])).toEqual([
      ["counter", "pulumi-nodejs:dynamic:Resource"],
      ["eci", "pulumi-nodejs:dynamic:Resource"],
    ]);
    for (const a of opaque) expect(a.why).toMatch(/dynamic provider .* runs only at deployment/);
    expect(JSON.parse(opaque[1].value)).toEqual({ intranetIp: expect.stringMatching(/^10\.\d+\.\d+\.\d+$/) });
    expect(text).toMatch(/opaque-resource\s+eci: pulumi-nodejs:dynamic:Resource\s+placeholder\s+\{"intranetIp":"10\.[\d.]+"\}: a dynamic provider/);
  });

  test("a rule whose CIDR came from the dynamic resource's output is listed as depending on it", () => {
    const rule = report.groups.find((g) => g.label === "eci")?.rules.find((r) => r.resource === "eci-self");
    expect(rule).toMatchObject({ assumed: true, dependsOn: ["eci"], peer: { kind: "ipv4", value: expect.stringMatching(/^10\.[\d.]+\/32$/) } });
    expect(text).toMatch(/10\.[\d.]+\/32 \(assumed, depends on eci\)/);
    // The rules built from known values depend on nothing.
    expect(report.groups.find((g) => g.label === "eci")?.rules.find((r) => r.resource === "eci-ssh")?.dependsOn).toBeUndefined();
  });
});
