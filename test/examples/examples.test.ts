import * as fs from "fs";
import { StackCapture } from "../../lib/testing/capture-network";
import { ROOT, defaults, project, run } from "./run-example";
import * as path from "path";
import { groupResources, ruleResources, ruleRows, ENTERPRISE_THREE_TIER_RULES } from "../components/rule-table";

const EXAMPLES = ["three-tier", "redis-from-web", "databases", "workbench-admin", "outbound-whitelist", "interconnect"];

function groupsOf(c: StackCapture): string[] {
  return groupResources(c)
    .map((g) => `${g.name} | ${g.inputs.securityGroupType ?? "normal"} | ${g.inputs.innerAccessPolicy ?? "-"}`)
    .sort();
}

const THREE_TIER_RULES = [
  "shop-app | ingress | accept | 1 | tcp | 8080/8080 | shop-web",
  "shop-db | ingress | accept | 1 | tcp | 3306/3306 | shop-app",
  "shop-db | ingress | drop | 100 | tcp | 3306/3306 | 0.0.0.0/0",
  "shop-web | ingress | accept | 1 | tcp | 443/443 | 0.0.0.0/0",
  "shop-web | ingress | accept | 1 | tcp | 80/80 | 0.0.0.0/0",
];

/** Each example's groups and rules: the seed documents' tables. */
const EXPECTED: Record<string, { groups: string[]; rules: string[]; outputs: Record<string, unknown> }> = {
  "three-tier": {
    groups: ["shop-app | normal | Drop", "shop-db | normal | Drop", "shop-web | normal | Drop"],
    rules: THREE_TIER_RULES,
    outputs: { vpcId: "vpc-shop-vpc", vswitchIds: { web: "vsw-shop-web-vsw", app: "vsw-shop-app-vsw", db: "vsw-shop-db-vsw" }, webGroupId: "sg-shop-web", appGroupId: "sg-shop-app", dbGroupId: "sg-shop-db" },
  },
  "redis-from-web": {
    groups: ["cache-db | normal | Drop", "shop-app | normal | Drop", "shop-db | normal | Drop", "shop-web | normal | Drop"],
    rules: ["cache-db | ingress | accept | 1 | tcp | 6379/6379 | shop-web", "cache-db | ingress | drop | 100 | tcp | 6379/6379 | 0.0.0.0/0", ...THREE_TIER_RULES],
    outputs: { vpcId: "vpc-shop-vpc", webGroupId: "sg-shop-web", redisGroupId: "sg-cache-db" },
  },
  databases: {
    groups: ["app | normal | Drop", "mysql-db | normal | Drop", "oracle-db | normal | Drop", "postgresql-db | normal | Drop", "redis-db | normal | Drop", "sqlserver-db | normal | Drop"],
    rules: [
      "mysql-db | ingress | accept | 1 | tcp | 3306/3306 | 172.16.0.10/32",
      "mysql-db | ingress | drop | 100 | tcp | 3306/3306 | 0.0.0.0/0",
      "oracle-db | ingress | accept | 1 | tcp | 1521/1521 | 192.168.0.10/32",
      "oracle-db | ingress | drop | 100 | tcp | 1521/1521 | 0.0.0.0/0",
      "postgresql-db | ingress | accept | 1 | tcp | 5432/5432 | app",
      "postgresql-db | ingress | drop | 100 | tcp | 5432/5432 | 0.0.0.0/0",
      "redis-db | ingress | accept | 1 | tcp | 6379/6379 | 1609982529920000/sg-bp174yoe2ib1sqj5abcd",
      "redis-db | ingress | drop | 100 | tcp | 6379/6379 | 0.0.0.0/0",
      "sqlserver-db | ingress | accept | 1 | tcp | 1433/1433 | 192.168.0.0/16",
      "sqlserver-db | ingress | drop | 100 | tcp | 1433/1433 | 0.0.0.0/0",
    ],
    outputs: { vpcId: "vpc-data-vpc", appGroupId: "sg-app", databaseGroupIds: { mysql: "sg-mysql-db", oracle: "sg-oracle-db", sqlserver: "sg-sqlserver-db", postgresql: "sg-postgresql-db", redis: "sg-redis-db" } },
  },
  "workbench-admin": {
    groups: ["linux-servers | normal | Drop", "windows-servers | normal | Drop"],
    rules: [
      "linux-servers | ingress | accept | 1 | tcp | 22/22 | 100.104.0.0/16",
      "linux-servers | ingress | accept | 1 | tcp | 22/22 | 161.117.0.0/16",
      "linux-servers | ingress | accept | 1 | tcp | 22/22 | 192.168.0.10/32",
      "windows-servers | ingress | accept | 1 | tcp | 3389/3389 | 100.104.0.0/16",
      "windows-servers | ingress | accept | 1 | tcp | 3389/3389 | 161.117.0.0/16",
      "windows-servers | ingress | accept | 1 | tcp | 3389/3389 | 192.168.0.10/32",
    ],
    outputs: { vpcId: "vpc-ops-vpc", linuxGroupId: "sg-linux-servers", windowsGroupId: "sg-windows-servers" },
  },
  "outbound-whitelist": {
    groups: ["workers | normal | Drop"],
    rules: [
      "workers | egress | accept | 1 | tcp | 443/443 | 121.199.0.10/32",
      "workers | egress | accept | 1 | tcp | 80/80 | 47.96.0.10/32",
      "workers | egress | drop | 2 | all | -1/-1 | 0.0.0.0/0",
      "workers | egress | drop | 2 | all | -1/-1 | ::/0",
    ],
    outputs: { vpcId: "vpc-batch-vpc", workersGroupId: "sg-workers" },
  },
  interconnect: {
    groups: ["app-a | normal | Drop", "app-b | normal | Drop", "cluster-interconnect | normal | Accept", "file-client | normal | Drop", "file-server | normal | Drop", "mesh-interconnect | normal | Accept"],
    rules: [
      "app-a | ingress | accept | 1 | tcp | 8080/8080 | 10.0.1.12/32",
      "app-b | ingress | accept | 1 | tcp | 8080/8080 | 10.0.1.11/32",
      "file-client | ingress | accept | 1 | tcp | 21/21 | 1609982529920000/sg-bp174yoe2ib1sqj5abcd",
      "file-client | ingress | accept | 1 | tcp | 21/21 | file-server",
      "file-server | ingress | accept | 1 | tcp | 21/21 | 1609982529920000/sg-bp174yoe2ib1sqj5abcd",
      "file-server | ingress | accept | 1 | tcp | 21/21 | file-client",
    ],
    outputs: { vpcId: "vpc-net-vpc", singleIpRules: 2, clusterGroupId: "sg-cluster-interconnect", meshGroupId: "sg-mesh-interconnect", fileRules: 4 },
  },
};

describe.each(EXAMPLES)("examples/%s", (example) => {
  const dir = path.join(ROOT, "examples", example);
  let capture: StackCapture;
  beforeAll(async () => {
    capture = await run(example);
  });

  test("creates exactly the groups of its scenario", () => {
    expect(groupsOf(capture)).toEqual(EXPECTED[example].groups);
  });

  test("writes exactly the rules of its scenario's table", () => {
    expect(ruleRows(capture)).toEqual(EXPECTED[example].rules);
  });

  test("exports its outputs", () => {
    expect(capture.outputs).toEqual(EXPECTED[example].outputs);
  });

  test("creates its own VPC, calls no data source, and describes every rule", () => {
    expect(capture.resources.filter((r) => r.type === "alicloud:vpc/network:Network")).toHaveLength(1);
    expect(capture.calls).toEqual([]);
    for (const r of ruleResources(capture)) expect(String(r.inputs.description ?? "")).toMatch(/^\S.{10,}/);
  });

  test("is a nodejs Pulumi project whose declared defaults are the program's own", () => {
    const p = project(path.join(dir, "Pulumi.yaml"));
    expect(p).toMatchObject({ name: `alicloud-secgroups-${example}`, runtime: "nodejs", description: expect.any(String) });
    const source = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    for (const [key, value] of Object.entries(defaults(p))) {
      expect(source).toContain(value === "" ? `config.get("${key}");` : `config.get("${key}") ?? "${value}"`);
    }
  });

  test("says how to import the library outside this repository", () => {
    expect(fs.readFileSync(path.join(dir, "index.ts"), "utf8")).toMatch(/Outside this repository: import .* from "alicloud-secgroups";/);
  });
});

describe("examples/three-tier with configuration", () => {
  test("enterprise groups: CIDR rules on both sides, from the vSwitch blocks", async () => {
    const c = await run("three-tier", { groupType: "enterprise" });
    expect(groupsOf(c)).toEqual(["shop-app | enterprise | -", "shop-db | enterprise | -", "shop-web | enterprise | -"]);
    expect(ruleRows(c)).toEqual(ENTERPRISE_THREE_TIER_RULES);
  });

  test("an admin address and restricted egress", async () => {
    const c = await run("three-tier", { adminIp: "203.0.113.7", egress: "restricted" });
    expect(ruleRows(c).filter((r) => !THREE_TIER_RULES.includes(r))).toEqual([
      "shop-app | egress | accept | 1 | tcp | 3306/3306 | shop-db",
      "shop-app | egress | drop | 100 | all | -1/-1 | 0.0.0.0/0",
      "shop-app | egress | drop | 100 | all | -1/-1 | ::/0",
      "shop-app | ingress | accept | 1 | tcp | 22/22 | 203.0.113.7/32",
      "shop-db | egress | drop | 100 | all | -1/-1 | 0.0.0.0/0",
      "shop-db | egress | drop | 100 | all | -1/-1 | ::/0",
      "shop-db | ingress | accept | 1 | tcp | 22/22 | 203.0.113.7/32",
      "shop-web | egress | accept | 1 | tcp | 8080/8080 | shop-app",
      "shop-web | egress | drop | 100 | all | -1/-1 | 0.0.0.0/0",
      "shop-web | egress | drop | 100 | all | -1/-1 | ::/0",
      "shop-web | ingress | accept | 1 | tcp | 22/22 | 203.0.113.7/32",
    ]);
  });

  test("refuses an admin block instead of deploying it", async () => {
    await expect(run("three-tier", { adminIp: "203.0.113.0/24" })).rejects.toMatchObject({ code: "source-too-broad", field: "args.admin.sources[0]" });
  });
});

describe("the top-level Pulumi.yaml", () => {
  test("deploys the three-tier example", () => {
    const p = project(path.join(ROOT, "Pulumi.yaml"));
    expect(p).toMatchObject({ name: "alicloud-secgroups-three-tier", runtime: "nodejs", main: "examples/three-tier/", description: expect.any(String) });
    expect(fs.existsSync(path.join(ROOT, p.main!, "index.ts"))).toBe(true);
  });
});
