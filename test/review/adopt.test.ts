/**
 * Adoption changes nothing: export → adopt → plan the generated program with the import file's
 * ids (`plan --ids`) → diff against the export shows no access change, and every resource has
 * its import entry.
 */
import * as fs from "fs";
import * as path from "path";
import { verifyAdoption } from "../../lib/cli/adopt";
import { ownPackagesLoader } from "../../lib/cli/load-program";
import { planProject, readIds } from "../../lib/cli/plan";
import { loadSourceFiles } from "../../lib/cli/source-files";
import { accessDiff } from "../../lib/review/access-diff";
import { AdoptedProject, adoptNetwork, ruleImportId, tightenNetwork } from "../../lib/review/adopt";
import { audit } from "../../lib/review/audit";
import { readSource } from "../../lib/sources/read-sources";

const FIXTURES = path.join(__dirname, "..", "sources", "fixtures");

describe("adopt", () => {
  const source = readSource(loadSourceFiles(FIXTURES, "ecs"))[0];
  let adopted: AdoptedProject;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(__dirname, ".adopt-"));
    adopted = adoptNetwork(source.model, { project: "adopted" });
    for (const [file, text] of Object.entries(adopted.files)) fs.writeFileSync(path.join(dir, file), text);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("writes the rule import ids in the provider's format, built offline", () => {
    expect(ruleImportId("sg-1", { type: "ingress", ipProtocol: "tcp", portRange: "22/22", nicType: "intranet", cidrIp: "0.0.0.0/0", policy: "accept", priority: 1 })).toBe("sg-1:ingress:tcp:22/22:intranet:0.0.0.0/0:accept:1");
    expect(ruleImportId("sg-1", { type: "egress", ipProtocol: "all", portRange: "-1/-1", nicType: "intranet", ipv6CidrIp: "2001:db8::/32", policy: "drop", priority: 100 })).toBe("sg-1:egress:all:-1/-1:intranet:2001_db8__/32:drop:100");
  });

  test("planned with the import file's ids, the generated program has the export's groups and access, and every resource its import entry", async () => {
    const { capture } = await planProject({ dir, cwd: dir, loader: ownPackagesLoader, ids: readIds("import.json", dir) });
    expect(capture.network.groups.map((g) => g.id).sort()).toEqual(source.model.groups.map((g) => g.id).sort());
    const diff = accessDiff(source.model, { ...capture.network, instances: source.model.instances, prefixLists: source.model.prefixLists });
    expect(diff.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(await verifyAdoption(dir, dir, source.model)).toMatchObject({ owned: true, opened: 0, closed: 0, notRegistered: [], notImported: [], rulesAdded: [], rulesRemoved: [] });
    // Every rule input that forces replacement is the exported value.
    const exportedRules = source.model.groups.reduce((n, g) => n + g.rules.length, 0);
    expect(adopted.imports.filter((e) => e.type.endsWith("SecurityGroupRule"))).toHaveLength(exportedRules);
  });
});

describe("adopt --tighten", () => {
  const source = readSource(loadSourceFiles(FIXTURES, "ecs"))[0];
  const proposals = audit([source]).proposals.filter((p) => p.proof.valid);
  const declared = tightenNetwork(source.model, proposals.map((p) => ({ groupId: p.groupId, revokeIndex: p.revoke.index, add: p.add })));
  let adopted: AdoptedProject;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(__dirname, ".adopt-"));
    adopted = adoptNetwork(source.model, { declare: declared });
    for (const [file, text] of Object.entries(adopted.files)) fs.writeFileSync(path.join(dir, file), text);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the plan of the tightened program, diffed against the export, shows closures only; the import still binds every exported rule", async () => {
    expect(proposals.length).toBeGreaterThan(0);
    const proof = await verifyAdoption(dir, dir, source.model, true);
    expect(proof).toMatchObject({ owned: true, opened: 0 });
    expect(proof.closed).toBeGreaterThan(0);
    expect(proof.line).toMatch(/^the program owns the export with --tighten's replacements: 0 regions opened, \d+ closed; pulumi up revokes/);
    const exportedRules = source.model.groups.reduce((n, g) => n + g.rules.length, 0);
    expect(adopted.imports.filter((e) => e.type.endsWith("SecurityGroupRule"))).toHaveLength(exportedRules);
  });
});

describe("adopt's proof on a program too large for the process", () => {
  test("is not attempted (no thrashing, no crash): it says why and how to prove it", async () => {
    const dir = fs.mkdtempSync(path.join(__dirname, ".adopt-"));
    try {
      const limit = require("v8").getHeapStatistics().heap_size_limit as number;
      const count = Math.ceil((limit * 0.6) / 15_000) + 1;
      const resources = Array.from({ length: count }, (_, i) => ({ type: "alicloud:ecs/securityGroupRule:SecurityGroupRule", name: `r${i}`, id: `sg-1:ingress:tcp:${i}/${i}:intranet:10.0.0.0/8:accept:1` }));
      fs.writeFileSync(path.join(dir, "import.json"), JSON.stringify({ resources }));
      const proof = await verifyAdoption(dir, path.dirname(dir), { groups: [], instances: [], prefixLists: [] });
      expect(proof).toMatchObject({ owned: false, opened: 0, closed: 0, skipped: expect.stringMatching(new RegExp(`^${count} resources need about \\d+ GB on mocks, more than this process may use`)) });
      expect(proof.line).toMatch(new RegExp(`^the proof was skipped: .*; run adopt again with NODE_OPTIONS=--max-old-space-size=\\d+ to prove it, or plan ${path.basename(dir)} --ids ${path.basename(dir)}/import.json and diff the plan against the export$`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
