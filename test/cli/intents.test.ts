/**
 * The stack's intents proved by `plan`, end to end through the command on real programs: the
 * stack's own promises (every component's and declareIntents), `--intents FILE`, the Intents
 * section of every format, and the gate.
 */
import * as fs from "fs";
import * as path from "path";
import { scratchDir } from "../scratch";
import { evaluateFlow } from "../../lib/analysis";
import { DEFAULT_ANALYSES } from "../../lib/cli/analyses";
import { planProject } from "../../lib/cli/plan";
import { PlanReport } from "../../lib/cli/report";
import { planCiReport } from "../../lib/cli/ci-report";
import { renderGithub } from "../../lib/cli/render-github";
import { renderJson } from "../../lib/cli/render-json";
import { renderJunit } from "../../lib/cli/render-junit";
import { renderMarkdown } from "../../lib/cli/render-markdown";
import { renderSarif } from "../../lib/cli/render-sarif";
import { renderText } from "../../lib/cli/render-text";
import { joinIntents, readIntentsFile } from "../../lib/cli/intents-section";
import { FIXTURES, cli, isolatedLoader } from "./helpers";
import { validJunit, validSarif } from "./ci-validators";

const ANALYSES = { analyses: DEFAULT_ANALYSES };

/** An intents file in a fresh directory; its path. */
function intentsFile(name: string, text: string): string {
  const dir = scratchDir("intents-");
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const NO_INTERNET_TO_DB = intentsFile(
  "db.yaml",
  `intents:
  - id: no-internet-to-db
    from: internet
    to: { tags: { role: db } }
    ports: "*"
    expect: deny
    because: the database is private
`,
);

const APP_TO_CLOUDFLARE = intentsFile(
  "app.yaml",
  `intents:
  - id: app-not-to-cloudflare-dns
    from: { component: shop, tier: app }
    to: "2606:4700::1111"
    ports: [443]
    expect: deny
`,
);

function json(stdout: string): PlanReport {
  return JSON.parse(stdout) as PlanReport;
}

describe("plan proves the stack's intents", () => {
  test("ThreeTier with restricted egress: tcp 443 from an app instance to 2606:4700::1111 is denied; every promise, and the file's 'the app tier never reaches 2606:4700::1111 on 443', proven", async () => {
    const { report, capture } = await planProject({ dir: path.join(FIXTURES, "intents-tiers"), cwd: FIXTURES, loader: isolatedLoader, config: { egress: "restricted" }, analyses: DEFAULT_ANALYSES, intents: readIntentsFile(FIXTURES, APP_TO_CLOUDFLARE), intentsFile: APP_TO_CLOUDFLARE });
    const d = evaluateFlow(capture.network, { from: "i-app-1", to: "2606:4700::1111", protocol: "tcp", port: 443 });
    expect(d.allowed).toBe(false);
    expect(d.reason).toMatch(/egress rule \d+ of sg-shop-app \(drop all to ::\/0/);
    expect(report.intents?.summary).toEqual({ proven: 10, broken: 0, unproven: 0, vacuous: 0 });
    expect(report.intents?.intents.find((i) => i.id === "app-not-to-cloudflare-dns")).toMatchObject({ status: "proven", source: APP_TO_CLOUDFLARE });
    expect(capture.intents.results.map((r) => r.status)).toEqual(Array(9).fill("proven"));
  });

  test("--intents: the same intent breaks without restricted egress: exit 1, with the witness", async () => {
    const open = await cli(["plan", "intents-tiers", "--intents", APP_TO_CLOUDFLARE], ANALYSES);
    expect(open.code).toBe(1);
    expect(open.stdout).toContain("[broken] app-not-to-cloudflare-dns");
    expect(open.stdout).toMatch(/witness: tcp:443 from i-app-1 to 2606:4700::1111 is allowed/);
  });

  test("ThreeTier (default egress) with an OutboundWhitelist on the app tier: the app reaches the database on 3306, no dead path", async () => {
    const { report, capture } = await planProject({ dir: path.join(FIXTURES, "intents-tiers"), cwd: FIXTURES, loader: isolatedLoader, config: { whitelist: "app" }, analyses: DEFAULT_ANALYSES });
    expect(report.findings?.map((f) => f.check)).not.toContain("dead-path");
    expect(evaluateFlow(capture.network, { from: "i-app-1", to: "i-db-1", protocol: "tcp", port: 3306 }).allowed).toBe(true);
    expect(evaluateFlow(capture.network, { from: "i-app-1", to: "198.51.100.1", protocol: "tcp", port: 443 }).allowed).toBe(false);
    const app = report.intents?.intents.find((i) => i.id === "ThreeTierSecurityGroups/shop/app-to-db");
    expect(app).toMatchObject({ status: "proven", declaredBy: 'ThreeTierSecurityGroups "shop"', source: "program" });
    expect(report.intents?.intents.filter((i) => i.declaredBy === 'OutboundWhitelist "app-out"').map((i) => i.status)).toEqual(expect.arrayContaining(["proven"]));
    expect(report.intents?.summary.broken).toBe(0);
  });

  test("a composition that breaks a declared intent fails the plan with broken-intent naming both components", async () => {
    const r = await cli(["plan", "intents-broken", "--json"], ANALYSES);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken intent/);
    const report = json(r.stdout);
    const f = report.findings?.find((x) => x.check === "broken-intent" && x.intent === "DatabaseSecurityGroup/orders/source-to-db");
    expect(f?.severity).toBe("high");
    expect(f?.message).toContain('declared by DatabaseSecurityGroup "orders"');
    expect(f?.message).toContain('Sender: ThreeTierSecurityGroups "shop" app (sg-shop-app); receiver: DatabaseSecurityGroup "orders" db (sg-orders-db)');
    expect(f?.message).toMatch(/tcp:3306 from member of sg-shop-app \(10\.\d+\.\d+\.\d+\) to member of sg-orders-db \(10\.\d+\.\d+\.\d+\) is denied/);
    // The deciding rule on each side, in evaluateFlow's words, named by its resource.
    expect(f?.message).toContain("sender's side: egress rule 0 of sg-shop-app [app-no-mysql-out] (drop tcp:3306 to 0.0.0.0/0, priority 1) denies it");
    expect(f?.message).toMatch(/receiver's side: ingress rule \d+ of sg-orders-db \[orders-db-[^\]]+\] \(accept tcp:3306 from sg-shop-app, priority 1\) allows it/);
    expect(f?.fix).toMatch(/Open the path on the side that denies it/);
    expect(report.intents?.summary).toMatchObject({ broken: 2 });
  });

  test.each([["a raw rule", []], ["the component's unsafe opt-in", ["-c", "how=unsafe"]]])("--intents 'nothing from the internet reaches role=db' fails when %s admits 0.0.0.0/0 on 3306, with a witness flow", async (_, extra) => {
    const r = await cli(["plan", "intents-db-open", ...extra, "--intents", NO_INTERNET_TO_DB], ANALYSES);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Intents: \d+ proven, 1 broken, 0 unproven\./);
    expect(r.stdout).toContain('[broken] no-internet-to-db (deny internet -> tags role=db on every protocol and port, from ');
    expect(r.stdout).toMatch(/witness: tcp:3306 from \d+\.\d+\.\d+\.\d+ to (i-db-1|member of sg-shop-db \(10\.[\d.]+\)) is allowed: ingress rule \d+ of sg-(db|shop-db) \[[^\]]+\] \(accept tcp:3306 from 0\.0\.0\.0\/0, priority 1\) allows it\./);
    expect(r.stdout).toMatch(/\[high\] broken-intent: Intent "no-internet-to-db"/);
  });

  test("an id passed as a bare output: unproven-intent naming both components and the argument that settles it, not a refusal", async () => {
    const r = await cli(["plan", "intents-bare", "--json", "--fail-on", "medium"], ANALYSES);
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.findings?.map((f) => f.severity)).toEqual(["medium"]);
    const f = report.findings?.find((x) => x.check === "unproven-intent");
    expect(f?.message).toContain('DatabaseSecurityGroup "orders" names ThreeTierSecurityGroups "shop" app\'s group (sg-shop-app) by an id passed as a bare output');
    expect(f?.message).toContain("pass the resource, not its id");
    expect(report.intents?.summary).toMatchObject({ broken: 0, unproven: 1 });
  });

  test("an acknowledged broken intent is shown with its reason and does not fail the plan", async () => {
    const exemptions = intentsFile("exemptions.yaml", `- check: broken-intent\n  rule: no-internet-to-db\n  reason: migration window, ticket DB-7\n- check: public-database-port\n  rule: db-mysql-anywhere\n  reason: migration window, ticket DB-7\n`);
    const r = await cli(["plan", "intents-db-open", "--intents", NO_INTERNET_TO_DB, "--exemptions", exemptions, "--json"], ANALYSES);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.findings?.find((f) => f.check === "broken-intent")?.acknowledged).toEqual({ reason: "migration window, ticket DB-7", exemption: `${exemptions}[0]` });
    expect(report.intents?.intents.find((i) => i.id === "no-internet-to-db")).toMatchObject({ status: "broken", acknowledged: { reason: "migration window, ticket DB-7" } });
    expect(report.staleExemptions).toBeUndefined();
  });
});

describe("the Intents section in every format", () => {
  // One plan, rendered in every format by the command's own renderers.
  let report: PlanReport;
  beforeAll(async () => {
    report = (await planProject({ dir: path.join(FIXTURES, "intents-broken"), cwd: FIXTURES, loader: isolatedLoader, analyses: DEFAULT_ANALYSES })).report;
  });

  test("JSON keeps the intents and their verdicts for tools", () => {
    const back = json(renderJson(report));
    const broken = back.intents?.intents.find((i) => i.id === "ThreeTierSecurityGroups/shop/app-to-db");
    expect(broken).toMatchObject({ expect: "allow", from: { group: "sg-shop-app" }, to: { group: "sg-shop-db" }, ports: ["tcp:3306"], status: "broken", declaredBy: 'ThreeTierSecurityGroups "shop"' });
    expect(broken?.witness).toMatchObject({ flow: expect.stringMatching(/^tcp:3306 from member of sg-shop-app/), allowed: false, sender: 'ThreeTierSecurityGroups "shop" app (sg-shop-app)' });
    expect(back.intents?.intents.filter((i) => i.status === "proven").length).toBe(6);
  });

  test("text and Markdown: the summary and each broken intent with its witness", () => {
    expect(renderText(report)).toMatch(/^Intents: 6 proven, 2 broken, 0 unproven\.\n {2}\[broken\] ThreeTierSecurityGroups\/shop\/app-to-db .*\n {4}witness: tcp:3306 from member of sg-shop-app/m);
    const md = renderMarkdown(report);
    expect(md).toContain("### Intents: 6 proven, 2 broken, 0 unproven");
    expect(md).toMatch(/^- \[broken\] ThreeTierSecurityGroups\/shop\/app-to-db/m);
    expect(md).toMatch(/^ {2}- witness: tcp:3306 from member of sg-shop-app/m);
  });

  test("SARIF: broken-intent results with their rule, and the summary", () => {
    const log = validSarif(renderSarif(planCiReport(report)));
    const results = log.runs[0].results ?? [];
    const broken = results.filter((x) => x.ruleId === "broken-intent");
    expect(broken).toHaveLength(2);
    expect(log.runs[0].tool.driver.rules?.map((x) => x.id)).toContain("broken-intent");
    expect(broken[0].level).toBe("error");
    expect(broken[0].message.text).toMatch(/is broken: tcp:3306 from /);
    expect(log.runs[0].properties?.intents).toBe("6 proven, 2 broken, 0 unproven");
  });

  test("JUnit: one case per intent under broken-intent, failures for the broken ones, the summary as a property", () => {
    const xml = renderJunit(planCiReport(report));
    const suite = validJunit(xml).testsuites.testsuite?.find((x) => x["@_name"] === "broken-intent");
    expect(suite?.testcase.map((c) => c["@_name"])).toHaveLength(8);
    expect(suite?.["@_failures"]).toBe("2");
    expect(xml).toContain('<property name="intents" value="6 proven, 2 broken, 0 unproven"/>');
  });

  test("GitHub: an error annotation per broken intent and a notice with the summary", () => {
    const out = renderGithub(planCiReport(report), "intents-broken");
    expect(out).toMatch(/^::error file=intents-broken\/index\.ts,line=1,title=broken-intent%3A intent ThreeTierSecurityGroups\/shop\/app-to-db::\[high\] /m);
    expect(out).toMatch(/^::notice file=intents-broken\/index\.ts,line=1,title=intents::Intents: 6 proven, 2 broken, 0 unproven$/m);
  });
});

describe("--intents FILE is read with the one safe reader", () => {
  test.each([
    ["plan", ["plan", "intents-tiers"]],
    ["audit", ["audit", path.join(__dirname, "..", "sources", "fixtures", "ecs")]],
    ["diff", ["diff", path.join(__dirname, "..", "sources", "fixtures", "stack.json"), path.join(__dirname, "..", "sources", "fixtures", "stack.json")]],
  ])("%s: a bad entry exits 2 naming the file and the entry, before anything runs", async (_, argv) => {
    const bad = intentsFile("bad.yaml", "intents:\n  - { id: a, from: internet, to: { group: sg-1 }, ports: [22], expect: maybe }\n");
    const r = await cli([...argv, "--intents", bad, "--json"], ANALYSES);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}.intents[0].expect`);
    expect(JSON.parse(r.stdout).error.code).toBe("invalid-intent");
    const missing = await cli([...argv, "--intents", "no-such-intents.yaml"], ANALYSES);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read the intents file no-such-intents.yaml: no such file or directory");
  });

  test("an entry whose id a component's promise already has is refused, naming the entry", () => {
    const declared = [{ intent: { id: "ThreeTierSecurityGroups/shop/app-to-db", from: { group: "sg-app" }, to: { group: "sg-db" }, ports: ["tcp:3306"], expect: "allow" as const, declaredBy: 'ThreeTierSecurityGroups "shop"' }, source: "program" }];
    const file = [{ id: "ThreeTierSecurityGroups/shop/app-to-db", from: "internet", to: { group: "sg-1" }, ports: [22], expect: "deny" as const }];
    expect(() => joinIntents(declared, file, "dup.yaml")).toThrow('--intents dup.yaml: intents[0].id "ThreeTierSecurityGroups/shop/app-to-db" is already the id of an intent ThreeTierSecurityGroups "shop" declares');
    expect(joinIntents(declared, [{ ...file[0], id: "mine" }], "dup.yaml").map((i) => i.source)).toEqual(["program", "dup.yaml"]);
  });

  test("an alias in the file is refused, never expanded", async () => {
    const bomb = intentsFile("bomb.yaml", "a: &a [x, x]\nintents: *a\n");
    const r = await cli(["plan", "intents-tiers", "--intents", bomb], ANALYSES);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bomb);
  });
});
