import * as fs from "fs";
import * as path from "path";

/** The pack starts a server when constructed, so its files are read, never imported. */
describe("policypack", () => {
  const dir = path.join(__dirname, "..", "..", "policypack");
  const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");

  test("declares the nodejs runtime", () => {
    expect(read("PulumiPolicy.yaml")).toMatch(/^runtime: nodejs$/m);
  });

  test("depends on the policy SDK, the Pulumi SDK and the library", () => {
    const deps = JSON.parse(read("package.json")).dependencies;
    expect(Object.keys(deps).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi", "alicloud-secgroups"]);
  });

  test("pins @pulumi/policy to the version the library is tested with", () => {
    const root = JSON.parse(fs.readFileSync(path.join(dir, "..", "package.json"), "utf8"));
    expect(JSON.parse(read("package.json")).dependencies["@pulumi/policy"]).toBe(root.devDependencies["@pulumi/policy"]);
  });

  test("imports the policies by package name, as a copy outside the repository does", () => {
    expect(read("index.ts")).toContain('import { createPolicies } from "alicloud-secgroups/policy";');
  });

  test("builds the pack from createPolicies", () => {
    const index = read("index.ts");
    expect(index).toContain('new PolicyPack("alicloud-secgroups", {');
    expect(index).toMatch(/policies: createPolicies\(/);
  });
});
