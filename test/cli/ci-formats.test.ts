/** SARIF 2.1.0, JUnit XML and GitHub annotations from plan, audit and diff. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_ANALYSES, PlanAnalyses } from "../../lib/cli/analyses";
import { CHECK_IDS } from "../../lib/checks/finding";
import { runCli } from "../../lib/cli/run-cli";
import { FINGERPRINT_KEY } from "../../lib/cli/render-sarif";
import { FIXTURES, cli } from "./helpers";
import { validJunit, validSarif } from "./ci-validators";

const SOURCES = path.join(__dirname, "..", "sources", "fixtures");

async function run(argv: string[], cwd = SOURCES) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

const LEVELS = { high: "error", medium: "warning", low: "note" } as const;

describe("--format sarif", () => {
  test("plan: valid SARIF 2.1.0; rule ids are the check ids; levels from severities; the acknowledged finding suppressed with its reason", async () => {
    const r = await cli(["plan", "vpn", "--format", "sarif", "--exemptions", "vpn/exemptions.yaml"], { analyses: DEFAULT_ANALYSES });
    expect(r.code).toBe(1);
    const log = validSarif(r.stdout);
    const sarifRun = log.runs[0];
    const rules = sarifRun.tool.driver.rules ?? [];
    for (const rule of rules) expect(CHECK_IDS as readonly string[]).toContain(rule.id);
    const results = sarifRun.results ?? [];
    expect(results.map((x) => x.ruleId).sort()).toEqual(["public-admin-port", "world-open-non-web"]);
    for (const x of results) {
      expect(rules[x.ruleIndex as number].id).toBe(x.ruleId);
      const severity = (x.properties as { severity: keyof typeof LEVELS }).severity;
      expect(x.level).toBe(LEVELS[severity]);
    }
    const ssh = results.find((x) => x.ruleId === "public-admin-port")!;
    expect(ssh.level).toBe("error");
    expect(ssh.message.text).toMatch(/tcp:22 from 0\.0\.0\.0\/0/);
    expect(ssh.locations?.[0].logicalLocations).toContainEqual({ name: "vpn-ssh", fullyQualifiedName: "vpn/vpn-ssh", kind: "resource" });
    expect(rules.find((x) => x.id === "public-admin-port")?.help?.text).toContain("Checks that no accepted ingress rule opens an admin port");
    const wg = results.find((x) => x.ruleId === "world-open-non-web")!;
    expect(wg.level).toBe("warning");
    expect(wg.suppressions).toEqual([{ kind: "external", status: "accepted", justification: "WireGuard endpoint, open to every client by design (vpn/exemptions.yaml\\[0\\])" }]);
  });

  test("plan: each finding at the line of the program that declared its rule, relative to the project, under %SRCROOT%, never an absolute path", async () => {
    const r = await cli(["plan", path.join(FIXTURES, "vpn"), "--format", "sarif"], { cwd: os.tmpdir(), analyses: DEFAULT_ANALYSES });
    const log = validSarif(r.stdout);
    expect(r.stdout).not.toContain(FIXTURES);
    const at = (rule: string) => (log.runs[0].results ?? []).filter((x) => x.locations?.[0].logicalLocations?.some((l) => l.name === rule)).map((x) => x.locations?.[0].physicalLocation);
    // vpn-wireguard is declared on line 5 of index.js, vpn-ssh on line 6.
    expect(at("vpn-ssh").length).toBeGreaterThan(0);
    for (const p of at("vpn-ssh")) expect(p).toEqual({ artifactLocation: { uri: "index.js", uriBaseId: "%SRCROOT%" }, region: { startLine: 6, startColumn: 1 } });
    for (const p of at("vpn-wireguard")) expect(p).toEqual({ artifactLocation: { uri: "index.js", uriBaseId: "%SRCROOT%" }, region: { startLine: 5, startColumn: 1 } });
  });

  test("plan with the report's locations: each finding at its file, line and column", async () => {
    const analyses: PlanAnalyses = {
      findings: (input) => {
        const section = DEFAULT_ANALYSES.findings!(input);
        const findings = Array.isArray(section) ? section : section.findings;
        return findings.map((f) => ({ ...f, location: { uri: "src/net.ts", line: f.rule === "vpn-ssh" ? 12 : 7, column: 3 } }));
      },
    };
    const log = validSarif((await cli(["plan", "vpn", "--format", "sarif"], { analyses })).stdout);
    const ssh = (log.runs[0].results ?? []).find((x) => x.ruleId === "public-admin-port")!;
    expect(ssh.locations?.[0].physicalLocation).toEqual({ artifactLocation: { uri: "src/net.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 12, startColumn: 3 } });
  });

  test("plan: a location that is absolute or leaves the project is not used: the main file is", async () => {
    const analyses: PlanAnalyses = {
      findings: (input) => {
        const section = DEFAULT_ANALYSES.findings!(input);
        const findings = Array.isArray(section) ? section : section.findings;
        return findings.map((f, i) => ({ ...f, location: { uri: i === 0 ? "/etc/passwd" : "../../secret.ts", line: 3, column: 1 } }));
      },
    };
    const log = validSarif((await cli(["plan", "vpn", "--format", "sarif"], { analyses })).stdout);
    for (const x of log.runs[0].results ?? []) expect(x.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe("index.js");
  });

  test("fingerprints are the same on every run, and differ by check and by rule", async () => {
    const a = validSarif((await cli(["plan", "vpn", "--format", "sarif"], { analyses: DEFAULT_ANALYSES })).stdout);
    const b = validSarif((await cli(["plan", "vpn", "--format", "sarif"], { analyses: DEFAULT_ANALYSES })).stdout);
    const prints = (log: typeof a) => (log.runs[0].results ?? []).map((x) => x.partialFingerprints?.[FINGERPRINT_KEY]);
    expect(prints(a)).toEqual(prints(b));
    expect(new Set(prints(a)).size).toBe(prints(a).length);
    for (const p of prints(a)) expect(p).toMatch(/^[0-9a-f]{64}$/);
  });

  test("audit: the export file as the location, the rule id and the rule key as logical locations", async () => {
    const r = await run(["audit", "ecs", "--format", "sarif"]);
    expect(r.code).toBe(1);
    const log = validSarif(r.stdout);
    const ssh = (log.runs[0].results ?? []).find((x) => x.ruleId === "public-admin-port")!;
    expect(ssh.locations?.[0].physicalLocation?.artifactLocation).toEqual({ uri: "ecs/sg-bp1web000000000001.json", uriBaseId: "%SRCROOT%" });
    expect(ssh.locations?.[0].logicalLocations).toEqual(
      expect.arrayContaining([
        { name: "sgr-bp1web00000000002", fullyQualifiedName: "sg-bp1web000000000001/sgr-bp1web00000000002", kind: "resource" },
        { name: "in-accept-p1-tcp:22-from-0.0.0.0/0", fullyQualifiedName: "sg-bp1web000000000001/in-accept-p1-tcp:22-from-0.0.0.0/0", kind: "object" },
      ]),
    );
    expect(ssh.message.text).toContain("Fix: ");
    for (const rule of log.runs[0].tool.driver.rules ?? []) expect(CHECK_IDS as readonly string[]).toContain(rule.id);
  });

  test("audit: a fingerprint follows the rule, not its place in the file", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sg-sarif-"));
    try {
      fs.cpSync(path.join(SOURCES, "ecs"), path.join(tmp, "ecs"), { recursive: true });
      const first = validSarif((await run(["audit", "ecs", "--format", "sarif"], tmp)).stdout);
      const web = path.join(tmp, "ecs", "sg-bp1web000000000001.json");
      const doc = JSON.parse(fs.readFileSync(web, "utf8"));
      doc.Permissions.Permission.reverse();
      fs.writeFileSync(web, JSON.stringify(doc, null, 4));
      const second = validSarif((await run(["audit", "ecs", "--format", "sarif"], tmp)).stdout);
      const print = (log: typeof first) => (log.runs[0].results ?? []).find((x) => x.ruleId === "public-admin-port")?.partialFingerprints?.[FINGERPRINT_KEY];
      expect(print(second)).toBe(print(first));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("diff: one result per opened region, at the AFTER export file, with the deciding rule id and key", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sg-sarif-diff-"));
    try {
      const r = await run(["diff", "stack.json", "show.json", "--format", "sarif"]);
      expect(r.code).toBe(1);
      const log = validSarif(r.stdout);
      const results = log.runs[0].results ?? [];
      expect(results.length).toBeGreaterThan(0);
      expect(log.runs[0].tool.driver.rules?.map((x) => x.id)).toEqual(["opened-region"]);
      const ssh = results.find((x) => /tcp:22 from 0\.0\.0\.0\/0/.test(x.message.text ?? ""))!;
      expect(ssh.level).toBe("error");
      expect(ssh.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe("show.json");
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("--format junit", () => {
  test("plan: one suite per check, one case per check and resource, a failure per finding, acknowledged ones skipped", async () => {
    const r = await cli(["plan", "vpn", "--format", "junit", "--exemptions", "vpn/exemptions.yaml"], { analyses: DEFAULT_ANALYSES });
    const doc = validJunit(r.stdout);
    const suites = doc.testsuites.testsuite ?? [];
    expect(suites.map((s) => s["@_name"])).toEqual(expect.arrayContaining(["public-admin-port", "world-open-non-web", "duplicate-rule"]));
    const admin = suites.find((s) => s["@_name"] === "public-admin-port")!;
    // A rule check looks at both rules: one fails, one passes.
    expect(admin.testcase.map((c) => c["@_name"]).sort()).toEqual(["vpn / vpn-ssh", "vpn / vpn-wireguard"]);
    const ssh = admin.testcase.find((c) => c["@_name"] === "vpn / vpn-ssh")!;
    expect(ssh.failure).toHaveLength(1);
    expect(ssh.failure?.[0]["@_type"]).toBe("high");
    expect(ssh.failure?.[0]["#text"]).toContain("At: index.js:6");
    expect(admin.testcase.find((c) => c["@_name"] === "vpn / vpn-wireguard")!.failure).toBeUndefined();
    const wg = suites.find((s) => s["@_name"] === "world-open-non-web")!.testcase.find((c) => c["@_name"] === "vpn / vpn-wireguard")!;
    expect(wg.skipped?.[0]["@_message"]).toBe("acknowledged (vpn/exemptions.yaml[0]): WireGuard endpoint, open to every client by design");
    expect(doc.testsuites["@_failures"]).toBe("1");
    expect(doc.testsuites["@_skipped"]).toBe("1");
  });

  test("audit and diff: well-formed, failures counted", async () => {
    const audit = validJunit((await run(["audit", "ecs", "--format", "junit"])).stdout);
    expect(Number(audit.testsuites["@_failures"])).toBeGreaterThan(0);
    const input = audit.testsuites.testsuite?.find((s) => s["@_name"] === "incomplete-input");
    expect(input?.testcase.map((c) => c["@_name"])).toContain("ecs/groups.json");
    const diff = validJunit((await run(["diff", "stack.json", "show.json", "--format", "junit"])).stdout);
    expect(diff.testsuites.testsuite?.map((s) => s["@_name"])).toEqual(["opened-region"]);
    const same = validJunit((await run(["diff", "stack.json", "stack.json", "--format", "junit"])).stdout);
    expect(same.testsuites.testsuite?.[0].testcase.map((c) => c["@_name"])).toEqual(["no region opened"]);
  });
});

describe("--format github", () => {
  test("plan: one annotation per finding that is not acknowledged, error for high, at the project's file as the working directory sees it", async () => {
    const r = await cli(["plan", "vpn", "--format", "github", "--exemptions", "vpn/exemptions.yaml"], { analyses: DEFAULT_ANALYSES });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error file=vpn\/index\.js,line=6,col=1,title=public-admin-port%3A vpn \/ vpn-ssh::\[high\] ingress accept tcp:22 from 0\.0\.0\.0\/0/);
  });

  test("audit: warning for medium and notice for low", async () => {
    const r = await run(["audit", "ecs", "--format", "github"]);
    expect(r.stdout).toMatch(/^::error file=ecs\/sg-bp1web000000000001\.json,line=1,title=public-admin-port%3A /m);
    expect(r.stdout).toMatch(/^::notice file=ecs\/enis\.json,line=1,title=unused-group%3A sg-bp1idle00000000001::\[low\] /m);
    for (const line of r.stdout.trimEnd().split("\n")) expect(line).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+,title=[^,:]+::/);
  });
});

describe("duplicate-rule names every resource that owns the rule", () => {
  test("plan: both rule resources are named in the message", async () => {
    const r = await cli(["plan", "duplicate", "--json"], { analyses: DEFAULT_ANALYSES });
    const dup = (JSON.parse(r.stdout).findings as { check: string; message: string; rule?: string }[]).find((f) => f.check === "duplicate-rule")!;
    expect(dup.message).toMatch(/^rule "https-from-team-a" and rule "https-from-team-b" of group "sg-web" are one cloud rule/);
  });
});
