import { parseCliArgs, registerCommand, unregisterCommand } from "../../lib/cli/args";
import { CliError, EXIT_USAGE_ERROR } from "../../lib/cli/cli-error";

describe("parseCliArgs", () => {
  test("plan without options plans the current directory on stack dev, as text", () => {
    expect(parseCliArgs(["plan"])).toMatchObject({ command: "plan", sources: [], json: false, format: "text", failOn: "high", config: {}, stack: "dev", verbose: false });
    expect(parseCliArgs(["plan"]).dir).toBeUndefined();
  });

  test("reads the directory and every option, long and short", () => {
    expect(parseCliArgs(["plan", "examples/three-tier", "--json", "--diagram", "access.mmd", "-c", "vpcId=vpc-1", "--config", "app:port=8080", "-s", "prod", "-v", "--fail-on", "medium", "--answers", "a.yaml", "--timeout", "2.5"])).toMatchObject({
      command: "plan",
      dir: "examples/three-tier",
      sources: ["examples/three-tier"],
      json: true,
      format: "json",
      failOn: "medium",
      answers: "a.yaml",
      diagram: "access.mmd",
      config: { vpcId: "vpc-1", "app:port": "8080" },
      stack: "prod",
      stackGiven: true,
      verbose: true,
      timeoutMs: 2500,
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

  test.each([["help"], ["--help"], ["-h"], ["plan", "--help"], ["help", "plan"]])("%s asks for the usage", (...argv) => {
    expect(parseCliArgs(argv).command).toBe("help");
  });

  test("the help is generated from the declarations, with the --fail-on default stated", () => {
    const help = parseCliArgs(["plan", "--help"]).help as string;
    expect(help).toMatch(/^Usage: alicloud-secgroups plan \[options\] \[dir\]/);
    for (const flag of ["--json", "--format <format>", "--fail-on <level>", "--answers <file>", "-c, --config <key=value>", "-s, --stack <name>", "-v, --verbose", "--diagram <file>", "--timeout <seconds>"]) expect(help).toContain(flag);
    expect(help).toContain('default: "high"');
    expect(help).toContain("Exit codes:");
    expect(parseCliArgs(["--help"]).help).toContain("plan [options] [dir]");
  });

  test("--format markdown and --json = --format json", () => {
    expect(parseCliArgs(["plan", "--format", "markdown"]).format).toBe("markdown");
    expect(parseCliArgs(["plan", "--format", "json"]).json).toBe(true);
  });

  test("a registered command gets the shared options it declares, once", () => {
    registerCommand({ name: "probe", summary: "test", description: "test", arguments: "[source...]", shared: ["json", "fail-on", "exemptions"], failOnLevels: ["high", "broadening", "none"], failOnDefault: "broadening" });
    try {
      expect(parseCliArgs(["probe", "a.json", "b.json", "--exemptions", "x.yaml"])).toMatchObject({ command: "probe", sources: ["a.json", "b.json"], failOn: "broadening", exemptions: "x.yaml" });
      expect(() => parseCliArgs(["probe", "--answers", "a.yaml"])).toThrow(/unknown option '--answers'/);
    } finally {
      unregisterCommand("probe");
    }
  });

  test.each([
    [["plan", "--nope"], "unknown option '--nope'"],
    [["plan", "--json=yes"], "--json"],
    [["plan", "--diagram"], "--diagram"],
    [["plan", "a", "b"], "too many arguments for 'plan'"],
    [["plan", "--jsn"], "unknown option '--jsn' (did you mean --json?)"],
    [["pln"], 'unknown command "pln" (did you mean plan?)'],
    [["plan", "--fail-on", "extreme"], "Allowed choices are high, medium, low, none"],
    [["plan", "--format", "yaml"], "Allowed choices are text, json, markdown"],
    [["plan", "--json", "--format", "markdown"], "ask for two formats"],
    [["plan", "--timeout", "soon"], "--timeout takes a number of seconds"],
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
