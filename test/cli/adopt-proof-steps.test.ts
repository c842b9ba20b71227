/**
 * adopt's proof of a large program: the program adopt writes runs in steps (its statements in
 * an async main that lets each step's resources register before the next), so memory follows
 * the step, not the estate. Which resources are declared, with which inputs, is unchanged.
 */
import * as fs from "fs";
import * as path from "path";
import { verifyAdoption } from "../../lib/cli/adopt";
import { inSteps, ownPackagesLoader } from "../../lib/cli/load-program";
import { captureProject } from "../../lib/cli/plan";
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { adoptNetwork } from "../../lib/review/adopt";

const ts = require("typescript") as typeof import("typescript");

/** A program in adopt's shape: one group, then `count` rules on it, each a statement. */
function rulesProgram(count: number): string {
  const rules = Array.from({ length: count }, (_, i) => `new alicloud.ecs.SecurityGroupRule("r${i}", { securityGroupId: web.id, type: "ingress", ipProtocol: "tcp", portRange: "${i + 1}/${i + 1}", policy: "accept", priority: 1, cidrIp: "10.0.0.0/8" });`);
  return ['import * as alicloud from "@pulumi/alicloud";', "", 'const web = new alicloud.ecs.SecurityGroup("web", { vpcId: "vpc-1", securityGroupType: "normal" }, { protect: true });', ...rules, ""].join("\n");
}

describe("inSteps", () => {
  test("a program of more than 100 statements becomes an async main that settles between steps of 20, every statement where it was", () => {
    const source = rulesProgram(200);
    const stepped = inSteps(ts, source, "index.ts") as string;
    // 201 statements (the group, then 200 rules): 11 steps, 10 pauses between them, 20 statements apart.
    expect(stepped.match(/await __alicloudSecgroupsSettle\(\);/g)).toHaveLength(10);
    expect(stepped.split("await __alicloudSecgroupsSettle();")[1].trim().split("\n")).toHaveLength(20);
    // The program's text as it was: the imports first, each statement on its own line.
    const lines = stepped.split("\n");
    expect(lines[0]).toBe('import * as alicloud from "@pulumi/alicloud";');
    source.split("\n").forEach((text, i) => {
      if (text.startsWith("new ") || text.startsWith("const ")) expect(lines[i]).toContain(text);
    });
    // Every statement is kept, once, in the program's order.
    expect(stepped.match(/new alicloud\.ecs\.SecurityGroupRule\("r(\d+)"/g)?.map((s) => Number(/r(\d+)/.exec(s)?.[1]))).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(ts.transpileModule(stepped, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS } }).diagnostics).toEqual([]);
  });

  test("a small program, or one of any other shape, runs as it is", () => {
    expect(inSteps(ts, rulesProgram(99), "index.ts")).toBeUndefined();
    const big = rulesProgram(150);
    for (const other of [`${big}\nexport const id = web.id;`, `${big}\nfunction f() {}`, `${big}\nif (web) { new alicloud.ecs.SecurityGroup("x", {}); }`, `${big}\ndeclare const x: number;`, `${big}\n// __alicloudSecgroupsSettle`]) {
      expect(inSteps(ts, other, "index.ts")).toBeUndefined();
    }
  });
});

describe("the proof of a program adopt wrote, in steps", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(__dirname, ".steps-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("every resource registers, with inputs that name groups declared steps before", async () => {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: steps\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "index.ts"), rulesProgram(150));
    const { capture } = await captureProject({ dir, cwd: dir, loader: ownPackagesLoader, placeholders: false, locations: false });
    expect(capture.resources.filter((r) => r.type === "alicloud:ecs/securityGroupRule:SecurityGroupRule")).toHaveLength(150);
    expect(capture.network.groups).toHaveLength(1);
    expect(capture.network.groups[0].rules.map((r) => r.portRange).sort()).toEqual(Array.from({ length: 150 }, (_, i) => `${i + 1}/${i + 1}`).sort());
  });

  test("an estate of 4 groups of 30 rules (a program of 124 statements) is owned exactly; its rules come back in another order and that is no change", async () => {
    const groups: GroupModel[] = Array.from({ length: 4 }, (_, g) => ({
      id: `sg-${g}`,
      name: `g${g}`,
      vpcId: "vpc-1",
      // Descending priorities: the plan lists rules by resource name, the export in this order.
      rules: Array.from({ length: 30 }, (_, i) => ({ type: i % 2 ? "egress" : "ingress", ipProtocol: "tcp", portRange: `${1000 + i}/${1000 + i}`, policy: i % 7 ? "accept" : "drop", priority: 30 - i, nicType: "intranet", ...(i % 5 === 0 ? { sourceSecurityGroupId: `sg-${(g + 1) % 4}` } : { cidrIp: `10.${g}.${i}.0/24` }) }) as GroupModel["rules"][number]),
    }));
    const model: NetworkModel = { groups, instances: [], prefixLists: [] };
    for (const [file, text] of Object.entries(adoptNetwork(model).files)) fs.writeFileSync(path.join(dir, file), text);
    expect(inSteps(ts, fs.readFileSync(path.join(dir, "index.ts"), "utf8"), "index.ts")).toBeDefined();
    const proof = await verifyAdoption(dir, dir, model);
    expect(proof).toMatchObject({ owned: true, opened: 0, closed: 0, rulesAdded: [], rulesRemoved: [], notRegistered: [], notImported: [] });
    expect(proof.line).toBe("the program owns exactly the export: 0 regions opened, 0 closed");
  });
});
