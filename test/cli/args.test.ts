import { parseCliArgs } from "../../lib/cli/args";
import { CliError, EXIT_USAGE_ERROR } from "../../lib/cli/cli-error";

describe("parseCliArgs", () => {
  test("plan without options plans the current directory on stack dev, as text", () => {
    expect(parseCliArgs(["plan"])).toEqual({ command: "plan", json: false, config: {}, stack: "dev", verbose: false });
  });

  test("reads the directory and every option, long and short", () => {
    expect(parseCliArgs(["plan", "examples/three-tier", "--json", "--diagram", "access.mmd", "-c", "vpcId=vpc-1", "--config", "app:port=8080", "-s", "prod", "-v"])).toEqual({
      command: "plan",
      dir: "examples/three-tier",
      json: true,
      diagram: "access.mmd",
      config: { vpcId: "vpc-1", "app:port": "8080" },
      stack: "prod",
      verbose: true,
    });
  });

  test("accepts --option=value, keeps '=' inside config values, and lets the later value win", () => {
    expect(parseCliArgs(["plan", "--config=tags={\"a\":\"b=c\"}", "--config", "x=1", "--config", "x=2"]).config).toEqual({ tags: '{"a":"b=c"}', x: "2" });
  });

  test("reads --exemptions FILE", () => {
    expect(parseCliArgs(["plan", "--exemptions", "exemptions.yaml"]).exemptions).toBe("exemptions.yaml");
  });

  test("takes the last part of an organisation/project/stack name", () => {
    expect(parseCliArgs(["plan", "--stack", "acme/shop/prod"]).stack).toBe("prod");
  });

  test.each([["help"], ["--help"], ["-h"], ["plan", "--help"]])("%s asks for the usage", (...argv) => {
    expect(parseCliArgs(argv).command).toBe("help");
  });

  test.each([
    [["plan", "--nope"], "unknown option '--nope'"],
    [["plan", "--json=yes"], "--json"],
    [["plan", "--diagram"], "--diagram"],
    [["plan", "a", "b"], "plan takes one directory"],
    [["apply"], 'unknown command "apply"'],
    [[], "missing command"],
    [["plan", "--config", "=x"], "--config takes key=value"],
    [["plan", "--config", "a b=x"], "--config takes key=value"],
    [["plan", "--stack", "../etc"], "is not a stack name"],
    [["plan", "--diagram="], "--diagram needs a file name"],
    [["plan", "--exemptions="], "--exemptions needs a file name"],
  ])("refuses %j as a usage error", (argv, message) => {
    let error: unknown;
    try {
      parseCliArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT_USAGE_ERROR);
    expect((error as CliError).message).toMatch(/^alicloud-secgroups: /);
    expect((error as CliError).message).toContain(message);
  });
});
