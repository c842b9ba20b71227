import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_ANALYSES, PlanAnalyses } from "../../lib/cli/analyses";
import { PlanReport, REPORT_VERSION } from "../../lib/cli/report";
import { FIXTURES, cli } from "./helpers";

const WEB_DB_TEXT = `Plan of project web-db, stack dev (program index.ts), on mocks: nothing was deployed.

Security group database (resource db, id sg-db)
  type basic, vpc vpc-fixture, inner access Accept (default)
  DIRECTION  POLICY  PRIORITY  PROTOCOL  PORTS  PEER       DESCRIPTION
  ingress    accept  10        tcp       3306   group web  MySQL from web
  ingress    drop    100       all       -      0.0.0.0/0

Security group web (resource web, id sg-web)
  type basic, vpc vpc-fixture, inner access Drop
  tags env=test, role=web
  DIRECTION  POLICY  PRIORITY  PROTOCOL  PORTS  PEER            DESCRIPTION
  ingress    accept  1         tcp       443    0.0.0.0/0       HTTPS from anywhere
  egress     accept  1         tcp       3306   group database

Totals: 2 groups, 4 rules (3 ingress, 1 egress).

Exports:
  webId  "sg-web"
`;

describe("alicloud-secgroups plan", () => {
  test("prints each group with its settings and its rules as a table, then the totals", async () => {
    const run = await cli(["plan", "web-db"]);
    expect(run).toEqual({ code: 0, stdout: WEB_DB_TEXT, stderr: "" });
  });

  test("prints the same bytes on every run", async () => {
    const first = await cli(["plan", "web-db"]);
    const second = await cli(["plan", "web-db"]);
    expect(second.stdout).toBe(first.stdout);
    const json1 = await cli(["plan", "web-db", "--json"]);
    const json2 = await cli(["plan", "web-db", "--json"]);
    expect(json2.stdout).toBe(json1.stdout);
  });

  test("prints no absolute paths", async () => {
    const run = await cli(["plan", path.join(FIXTURES, "nested"), "--json"]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(FIXTURES);
    expect(run.stdout).not.toContain(os.homedir());
  });

  test("--json gives the same content in a versioned shape", async () => {
    const run = await cli(["plan", "web-db", "--json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as PlanReport;
    expect(report.version).toBe(REPORT_VERSION);
    expect(report).toMatchObject({ version: 1, project: "web-db", stack: "dev", program: "index.ts", totals: { groups: 2, rules: 4, ingress: 3, egress: 1, invalid: 0 } });
    expect(report.groups.map((g) => g.label)).toEqual(["database", "web"]);
    expect(report.groups[1]).toEqual({
      label: "web",
      id: "sg-web",
      resource: "web",
      name: "web",
      type: "normal",
      vpcId: "vpc-fixture",
      network: "vpc",
      innerAccess: { policy: "Drop", default: false },
      tags: { env: "test", role: "web" },
      external: false,
      location: expect.objectContaining({ uri: "index.ts" }),
      rules: [
        { resource: "web-https", direction: "ingress", policy: "accept", priority: 1, protocol: "tcp", ports: { from: 443, to: 443 }, portsText: "443", peer: { kind: "ipv4", value: "0.0.0.0/0", text: "0.0.0.0/0" }, nicType: "intranet", description: "HTTPS from anywhere", location: expect.objectContaining({ uri: "index.ts" }) },
        { resource: "web-to-db", direction: "egress", policy: "accept", priority: 1, protocol: "tcp", ports: { from: 3306, to: 3306 }, portsText: "3306", peer: { kind: "security-group", value: "sg-db", group: "database", text: "group database" }, nicType: "intranet", location: expect.objectContaining({ uri: "index.ts" }) },
      ],
      invalidRules: [],
    });
    expect(report.groups[0].rules[1]).toMatchObject({ resource: "db-deny-all", policy: "drop", priority: 100, protocol: "all", ports: null, portsText: "-" });
    expect(report).not.toHaveProperty("findings");
    expect(report).not.toHaveProperty("access");
  });

  test("plans the current directory's project by default, following Pulumi.yaml main", async () => {
    const run = await cli(["plan"], { cwd: path.join(FIXTURES, "nested") });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Plan of project nested, stack dev (program app/index.ts)");
    expect(run.stdout).toContain("  description Operators' bastion access\n");
    expect(run.stdout).toContain("ingress    accept  1         tcp       22     203.0.113.7/32  SSH from the office");
  });

  test("runs the program in its project directory, and returns to the caller's", async () => {
    const before = process.cwd();
    const run = await cli(["plan", "nested"]);
    expect(run.stdout).toContain("  description Operators' bastion access\n");
    expect(process.cwd()).toBe(before);
  });

  test("falls back to the package.json main and runs JavaScript programs", async () => {
    const run = await cli(["plan", "mixed"]);
    expect(run.stdout).toContain("(program program.js)");
    expect(run.stdout).toContain("Security group edge (resource edge, id sg-edge)\n  type enterprise (members isolated), vpc vpc-1\n  description Load balancer tier");
    expect(run.stdout).toContain("Security group legacy-classic (resource legacy, id sg-legacy)\n  type basic, classic network, inner access Accept (default)");
    expect(run.stdout).toMatch(/tcp +1-65535 \(all\) +group 1234567890\/sg-partner/);
    expect(run.stdout).toMatch(/icmp +- +0\.0\.0\.0\/0 \(internet\)/);
    expect(run.stdout).toMatch(/tcp +8000-8080 +prefix-list offices/);
    expect(run.stdout).toMatch(/tcp +443 +::\/0/);
    expect(run.stdout).toContain("Security group sg-existing (not created by this program; it only adds rules)");
  });

  test("lists rules the provider would refuse with the reason, and exits 1", async () => {
    const run = await cli(["plan", "mixed"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  Invalid rules (the provider would refuse it):\n    legacy-broken: portRange is required for protocol "tcp" (got undefined).');
    expect(run.stdout).toContain("Totals: 3 groups, 6 rules (5 ingress, 1 egress), 1 invalid rule.");
    expect(run.stderr).toContain("1 rule would be refused by the provider");
    const json = JSON.parse((await cli(["plan", "mixed", "--json"])).stdout) as PlanReport;
    expect(json.groups.find((g) => g.id === "sg-legacy")?.invalidRules).toEqual([
      { resource: "legacy-broken", code: "invalid-port-range", message: expect.stringMatching(/^portRange is required/), inputs: { cidrIp: "10.0.0.0/8", ipProtocol: "tcp", securityGroupId: "sg-legacy", type: "ingress" }, location: expect.objectContaining({ uri: "program.js" }) },
    ]);
  });

  test("runs a program that exports an async function, as Pulumi does", async () => {
    const run = await cli(["plan", "async-main"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ingress +accept +1 +tcp +6379 +10\.0\.0\.0\/16/);
  });
});

describe("configuration", () => {
  test("names a missing configuration value and how to pass it, and exits 2", async () => {
    const run = await cli(["plan", "needs-config"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("needs configuration needs-config:vpcId. Pass it with --config needs-config:vpcId=<value>, or set it in Pulumi.dev.yaml.");
    expect(run.stdout).toBe("");
  });

  test("--config sets values; bare keys are the project's; Pulumi.yaml defaults apply", async () => {
    const run = await cli(["plan", "needs-config", "--config", "vpcId=vpc-cli"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("vpc vpc-cli");
    expect(run.stdout).toMatch(/tcp +8080 +10\.0\.0\.0\/8/);
  });

  test("--stack reads Pulumi.<stack>.yaml, --config wins over it, and secrets are reported unreadable", async () => {
    const run = await cli(["plan", "needs-config", "--stack", "prod", "-c", "needs-config:port=9000"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("stack prod");
    expect(run.stdout).toContain("vpc vpc-prod");
    expect(run.stdout).toMatch(/tcp +9000 +10\.0\.0\.0\/8/);
    expect(run.stderr).toContain("warning: secret needs-config:dbPassword cannot be decrypted offline");
  });
});

describe("program errors", () => {
  test("a program that throws exits 2 (could not run) with its error's message and code, without a stack trace", async () => {
    const run = await cli(["plan", "throws"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('the program throws/index.ts threw ValidationError [invalid-port-range]: portRange is required for protocol "tcp" (got undefined).');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).toContain("--verbose");
  });

  test("--verbose adds the stack trace", async () => {
    const run = await cli(["plan", "throws", "--verbose"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\s+at .*index\.ts/m);
  });

  test("the program's console output goes to stderr, keeping stdout for the report", async () => {
    const run = await cli(["plan", "async-main", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ project: "async-main" });
    expect(run.stderr).toBe("planning the cache tier\n");
  });

  test("a data source is answered offline with a documented placeholder, listed as assumed", async () => {
    const run = await cli(["plan", "data-source", "--json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as PlanReport;
    expect(report.groups[0]).toMatchObject({ resource: "web", vpcId: "vpc-placeholder" });
    expect(report.assumed).toEqual([expect.objectContaining({ kind: "data-source", subject: "alicloud:vpc/getNetworks:getNetworks", from: "placeholder" })]);
  });
});

describe("usage errors exit 2", () => {
  test.each([
    [["plan", "--frobnicate"], "unknown option '--frobnicate'"],
    [["deploy"], 'unknown command "deploy"'],
    [[], "missing command"],
    [["plan", "web-db", "nested"], "too many arguments for 'plan'"],
    [["plan", "web-db", "--config", "vpcId"], '--config takes key=value, got "vpcId"'],
    [["plan", "web-db", "--stack", "a b"], '--stack "a b" is not a stack name'],
    [["plan", "no-such-dir"], "no-such-dir does not exist"],
    [["plan", "web-db", "--diagram", "out.mmd"], "--diagram writes the access diagram"],
  ])("%j: %s", async (argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
  });

  test("a directory without a program", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-empty-"));
    try {
      const run = await cli(["plan", dir], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`no program found in ${dir}: expected a package.json main, index.ts or index.js`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("--help prints the usage and exits 0", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: alicloud-secgroups (plan \[options\] \[dir\]|<command>)/);
  });
});

describe("report sections from analyses", () => {
  const analyses: PlanAnalyses = {
    findings: ({ network, groupLabel }) =>
      network.groups.filter((g) => g.rules.some((r) => r.cidrIp === "0.0.0.0/0" && r.policy !== "drop")).map((g) => ({ check: "world-open", severity: "medium" as const, group: groupLabel(g.id), message: "open to the world" })),
    access: () => ({ matrix: [{ from: "0.0.0.0/0", to: "web", allowed: ["tcp:443"] }], diagram: "flowchart LR\n  internet -->|tcp:443| web\n" }),
  };

  test("the text prints findings and who can reach what when the analyses give them", async () => {
    const run = await cli(["plan", "web-db"], { analyses });
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith(WEB_DB_TEXT)).toBe(true);
    expect(run.stdout.slice(WEB_DB_TEXT.length)).toBe(
      "\nFindings (1), by rule:\n  web\n    [medium] world-open: open to the world\n\nWho can reach what:\n  FROM       TO   ALLOWED\n  0.0.0.0/0  web  tcp:443\n",
    );
  });

  test("the JSON carries them as findings and access", async () => {
    const report = JSON.parse((await cli(["plan", "web-db", "--json"], { analyses })).stdout) as PlanReport;
    expect(report.findings).toEqual([{ check: "world-open", severity: "medium", group: "web", message: "open to the world", location: expect.objectContaining({ uri: "index.ts" }) }]);
    expect(report.access?.matrix).toEqual([{ from: "0.0.0.0/0", to: "web", allowed: ["tcp:443"] }]);
  });

  test("--diagram writes the access diagram to the file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-diagram-"));
    try {
      const run = await cli(["plan", path.join(FIXTURES, "web-db"), "--diagram", "access.mmd"], { cwd: dir, analyses });
      expect(run.code).toBe(0);
      expect(fs.readFileSync(path.join(dir, "access.mmd"), "utf8")).toBe("flowchart LR\n  internet -->|tcp:443| web\n");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("--exemptions FILE", () => {
  test("the text shows an acknowledged finding with its reason, grouped by rule, and the stale entry", async () => {
    const run = await cli(["plan", "vpn", "--exemptions", "vpn/exemptions.yaml"], { analyses: DEFAULT_ANALYSES });
    // The world-open SSH rule is not acknowledged: a high finding, so --fail-on high (the default) fails.
    expect(run.code).toBe(1);
    const section = run.stdout.slice(run.stdout.indexOf("Findings"), run.stdout.indexOf("Who can reach what"));
    expect(section).toMatch(/^Findings \(2, 1 acknowledged\), by rule:\n  vpn \/ vpn-ssh\n    \[high\] public-admin-port \(also fails world-open-non-web\): ingress accept tcp:22 from 0\.0\.0\.0\/0/);
    expect(section).toContain("  vpn / vpn-wireguard\n    [medium] world-open-non-web: ingress accept udp:51820 from 0.0.0.0/0 (priority 1) opens udp:51820 to every address");
    expect(section).toContain("      acknowledged (vpn/exemptions.yaml[0]): WireGuard endpoint, open to every client by design\n");
    expect(section).toContain("Stale exemptions (1, matching no finding):\n  vpn/exemptions.yaml[1]: public-database-port on vpn-mysql (old database rule)\n");
  });

  test("the JSON carries acknowledged and staleExemptions", async () => {
    const report = JSON.parse((await cli(["plan", "vpn", "--json", "--exemptions", "vpn/exemptions.yaml"], { analyses: DEFAULT_ANALYSES })).stdout) as PlanReport;
    const wg = report.findings?.find((f) => f.rule === "vpn-wireguard");
    expect(wg?.acknowledged).toEqual({ reason: "WireGuard endpoint, open to every client by design", exemption: "vpn/exemptions.yaml[0]" });
    expect(report.findings?.find((f) => f.rule === "vpn-ssh")).toMatchObject({ check: "public-admin-port", alsoFails: ["world-open-non-web"] });
    expect(report.findings?.find((f) => f.rule === "vpn-ssh")).not.toHaveProperty("acknowledged");
    expect(report.staleExemptions).toEqual([{ check: "public-database-port", rule: "vpn-mysql", reason: "old database rule", where: "vpn/exemptions.yaml[1]" }]);
  });

  test("an unreadable file and a bad entry both exit 2, naming file and entry", async () => {
    const missing = await cli(["plan", "vpn", "--exemptions", "vpn/nope.yaml"]);
    expect([missing.code, missing.stdout]).toEqual([2, ""]);
    expect(missing.stderr).toMatch(/cannot read the exemptions file vpn\/nope\.yaml/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-ex-"));
    try {
      fs.writeFileSync(path.join(dir, "ex.yaml"), "- { check: world-open-non-web, rule: vpn-wireguard }\n");
      const bad = await cli(["plan", path.join(FIXTURES, "vpn"), "--exemptions", "ex.yaml"], { cwd: dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("ex.yaml[0].reason must be a non-empty string");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("--complete", () => {
  test("declares the program complete, so a group nothing uses is reported", async () => {
    const without = JSON.parse((await cli(["plan", "vpn", "--json"], { analyses: DEFAULT_ANALYSES })).stdout) as PlanReport;
    expect(without.findings?.map((f) => f.check)).not.toContain("unused-group");
    const run = await cli(["plan", "vpn", "--json", "--complete"], { analyses: DEFAULT_ANALYSES });
    const report = JSON.parse(run.stdout) as PlanReport;
    expect(report.findings?.filter((f) => f.check === "unused-group").map((f) => [f.group, f.severity])).toEqual([["vpn", "low"]]);
  });
});
