/**
 * The Python example held to the plugin's schema (plugin/schema.json, which plugin.test.ts holds
 * to the inferred one) by scripts/check-python-example.py: the generated SDK is not installed
 * here, so the program is read with Python's own parser and every use of the SDK is checked.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const SCRIPT = path.join(ROOT, "scripts", "check-python-example.py");
const SCHEMA = path.join(ROOT, "plugin", "schema.json");

function check(program: string): { status: number | null; report: { calls: number; problems: { line: number; problem: string }[] } } {
  const r = spawnSync("python3", [SCRIPT, SCHEMA, program], { encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, report: JSON.parse(r.stdout) };
}

test("examples/three-tier-python uses only the schema's components, arguments, value types, enum members and outputs", () => {
  const { status, report } = check(path.join(ROOT, "examples", "three-tier-python", "__main__.py"));
  expect(report.problems).toEqual([]);
  expect(status).toBe(0);
  expect(report.calls).toBeGreaterThanOrEqual(10);
});

test("the check finds each kind of mistake, with its line", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-python-"));
  try {
    const file = path.join(dir, "__main__.py");
    fs.writeFileSync(
      file,
      [
        "import pulumi_alicloud_secgroups as secgroups",
        'tiers = secgroups.ThreeTierSecurityGroups("shop", vpc_id="vpc-1", egres="restricted")',
        'db = secgroups.DatabaseSecurityGroup("db", vpc_id="vpc-1", engine=secgroups.DatabaseEngine.MARIADB, sources=[secgroups.PeerArgs(cidr=10)])',
        'secgroups.Connection("c", from_=tiers.app_id, to=tiers.db_id, port_numbers=["6379"])',
        'secgroups.WorkbenchAccess("w", security_group_id=tiers.web_id, admin_sources=secgroups.PeerArgs(cidr="203.0.113.7"))',
        'secgroups.OutboundWhitelist("o", security_group_id=tiers.app_id, destinations=[secgroups.WebTierArgs(ports=["tcp:443"])])',
        'secgroups.InterconnectGroup("i", members=[])',
        "print(tiers.web, db.group_id)",
        "secgroups.Firewall('f')",
      ].join("\n"),
    );
    const { status, report } = check(file);
    expect(status).toBe(1);
    expect(report.problems).toEqual([
      { line: 2, problem: "ThreeTierSecurityGroups: 'egres' is not an argument of the schema" },
      { line: 3, problem: "PeerArgs.cidr must be a string, got 10" },
      { line: 3, problem: "secgroups.DatabaseEngine has no member MARIADB" },
      { line: 4, problem: "Connection.port_numbers[0] must be a number, got '6379'" },
      { line: 5, problem: "WorkbenchAccess.admin_sources must be a list" },
      { line: 6, problem: "OutboundWhitelist.destinations[0] must be a WhitelistDestinationArgs, not WebTierArgs" },
      { line: 7, problem: "InterconnectGroup: the required argument 'method' is missing" },
      { line: 8, problem: "tiers.web is not an output of ThreeTierSecurityGroups" },
      { line: 9, problem: "secgroups.Firewall is not a component or argument type of the schema" },
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
