/**
 * Error messages quote what they refuse cut to 200 characters with line breaks escaped, on
 * stderr and in the `--json` error alike; a file that is not of the expected format is named,
 * never shown.
 */
import * as fs from "fs";
import * as path from "path";
import { cleanUp, run, tempDir, writeEcsExport } from "./escaping-helpers";

let dir: string;
beforeAll(() => {
  dir = tempDir();
  writeEcsExport(path.join(dir, "export"), [{ PortRange: "443/443", SourceCidrIp: "0.0.0.0/0" }]);
});
afterAll(() => cleanUp(dir));

function write(name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

/** One line on stderr, and the same message in the `--json` error object. */
async function oneMessage(argv: string[]): Promise<{ stderr: string; json: string }> {
  const plain = await run(argv, dir);
  const json = await run([...argv, "--json"], dir);
  expect(plain.code).not.toBe(0);
  expect(plain.stderr.endsWith("\n")).toBe(true);
  expect(plain.stderr.slice(0, -1)).not.toMatch(/[\n\r\u2028\u2029]/);
  const error = (JSON.parse(json.stdout) as { error: { message: string } }).error.message;
  return { stderr: plain.stderr, json: error };
}

describe("a value of 10 MB", () => {
  test("an API error saved as a result quotes its Message cut to 200 characters, on stderr and under --json", async () => {
    write("api-error.json", JSON.stringify({ Code: "Throttling", Message: "m".repeat(10 * 1024 * 1024), RequestId: "R" }));
    const { stderr, json } = await oneMessage(["audit", "api-error.json"]);
    expect(stderr.length).toBeLessThan(1000);
    expect(json.length).toBeLessThan(1000);
    expect(stderr).toContain(`"${"m".repeat(200)}"... (10485760 characters)`);
  });

  test("an exemption entry is quoted cut to 200 characters, not echoed whole", async () => {
    write("big-exemptions.json", JSON.stringify([{ check: "public-admin-port", rule: "", reason: "r".repeat(1024 * 1024) }]));
    const { stderr, json } = await oneMessage(["audit", "export", "--exemptions", "big-exemptions.json"]);
    expect(stderr.length).toBeLessThan(1000);
    expect(json.length).toBeLessThan(1000);
    expect(stderr).toContain("big-exemptions.json[0].rule must be a non-empty string");
  });
});

describe("a line break in a value", () => {
  test("an API Message spanning lines is one line of the error", async () => {
    write("api-lines.json", JSON.stringify({ Code: "Forbidden.RAM", Message: "User not authorized.\nalicloud-secgroups: audit passed, 0 findings", RequestId: "R" }));
    const { stderr, json } = await oneMessage(["audit", "api-lines.json"]);
    expect(stderr).toContain('"User not authorized.\\nalicloud-secgroups: audit passed, 0 findings"');
    expect(json).toContain("\\n");
  });

  test("an exemption key spanning lines is quoted in the field it names", async () => {
    write("key-exemptions.json", JSON.stringify([{ check: "public-admin-port", rule: "r", reason: "x", "until\nalicloud-secgroups: ok": 1 }]));
    const { stderr } = await oneMessage(["audit", "export", "--exemptions", "key-exemptions.json"]);
    expect(stderr).toContain('key-exemptions.json[0]["until\\nalicloud-secgroups: ok"] is not a field of an exemption');
  });
});

describe("a file that is not of the expected format", () => {
  const SECRET = "AKIAIOSFODNN7EXAMPLE-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  beforeAll(() => {
    write("credentials", `${SECRET}\n`);
    write("credentials.yaml", `aws_secret_access_key: ${SECRET}\n`);
    fs.symlinkSync(path.join(dir, "credentials"), path.join(dir, "linked.json"));
    fs.symlinkSync(path.join(dir, "credentials.yaml"), path.join(dir, "linked.yaml"));
  });

  test("a symlinked source that is not JSON is named, its target's content never shown", async () => {
    const r = await run(["audit", "linked.json"], dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("linked.json $ is not JSON");
    expect(r.stderr).not.toContain(SECRET.slice(0, 8));
    const json = await run(["audit", "linked.json", "--json"], dir);
    expect(json.stdout).not.toContain(SECRET.slice(0, 8));
  });

  test.each([
    ["a plain-text file", "linked.json"],
    ["a YAML map", "linked.yaml"],
  ])("--exemptions naming %s says what it is, never its content", async (_, file) => {
    const r = await run(["audit", "export", "--exemptions", file], dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${file} is not a list of exemptions`);
    expect(r.stderr).not.toContain(SECRET.slice(0, 8));
  });

  test("--answers naming a credentials file says what it is, never its content", async () => {
    // The answers are read before the program runs: the plan stops there.
    const r = await run(["plan", path.join(__dirname, "..", "cli", "fixtures", "web-db"), "--answers", "linked.json"], dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("must be a map with datasources and/or outputs");
    expect(r.stderr).not.toContain(SECRET.slice(0, 8));
  });
});
