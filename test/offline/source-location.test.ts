/**
 * Where a program constructed each resource: the first frame of its own code, never this
 * package's or `@pulumi`'s, relative to the program's directory and `/`-separated.
 */
import * as alicloud from "@pulumi/alicloud";
import * as path from "path";
import { pathToFileURL } from "url";
import { ThreeTierSecurityGroups } from "../../lib/components";
import { captureStack } from "../../lib/offline/capture";
import { locationFromFrames, locationFromStack } from "../../lib/offline/source-location";

const ROOT = path.join(__dirname, "..", "..");
const frame = (file: string, line: number, column: number) => ({ uri: pathToFileURL(file).toString(), line, column });

describe("the first frame of the program's own code", () => {
  const program = path.join(ROOT, "infra");
  test("skips this package's frames and @pulumi's, and writes the file relative to the program, /-separated", () => {
    const frames = [
      frame(path.join(ROOT, "lib", "components", "emit.ts"), 10, 3),
      frame(path.join(ROOT, "node_modules", "@pulumi", "alicloud", "ecs", "securityGroupRule.js"), 200, 9),
      undefined,
      frame(path.join(program, "network", "web.ts"), 12, 5),
      frame(path.join(program, "index.ts"), 3, 1),
    ];
    expect(locationFromFrames(frames, program)).toEqual({ uri: "network/web.ts", line: 12, column: 5 });
  });

  test("a formatted stack reads alike; internal frames and frames without a file are skipped; none at all is undefined", () => {
    const stack = ["Error", `    at new Resource (${path.join(ROOT, "node_modules", "@pulumi", "pulumi", "resource.js")}:159:20)`, "    at node:internal/main:1:1", `    at Object.<anonymous> (${path.join(program, "index.ts")}:7:1)`].join("\n");
    expect(locationFromStack(stack, program)).toEqual({ uri: "index.ts", line: 7, column: 1 });
    expect(locationFromStack("Error\n    at <anonymous>", program)).toBeUndefined();
    expect(locationFromFrames([frame(path.join(ROOT, "lib", "index.ts"), 1, 1)], program)).toBeUndefined();
  });
});

describe("captureStack records where each resource was constructed", () => {
  test("a component's children are located at the program's `new` of the component, never inside the library", async () => {
    const { resources } = await captureStack(() => {
      const vpc = new alicloud.vpc.Network("vpc", { cidrBlock: "10.0.0.0/16" });
      new ThreeTierSecurityGroups("shop", { vpcId: vpc.id });
    }, { programDir: ROOT });
    expect(resources.length).toBeGreaterThan(5);
    for (const r of resources) expect(r.location).toEqual({ uri: "test/offline/source-location.test.ts", line: expect.any(Number), column: expect.any(Number) });
    const component = resources.find((r) => r.type === "alicloud-secgroups:index:ThreeTierSecurityGroups");
    expect(resources.filter((r) => r.parent?.endsWith("::shop")).every((r) => r.location?.line === component?.location?.line)).toBe(true);
  });
});

describe("captureStack without locations", () => {
  test("records no location, neither the program's nor the SDK's, and plans the same resources", async () => {
    const program = () => {
      new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
    };
    const located = await captureStack(program, { programDir: ROOT });
    const plain = await captureStack(program, { programDir: ROOT, locations: false });
    expect(plain.resources.map((r) => `${r.type}::${r.name}`)).toEqual(located.resources.map((r) => `${r.type}::${r.name}`));
    expect(plain.network).toEqual(located.network);
    expect(plain.resources.filter((r) => r.location !== undefined)).toEqual([]);
    expect(located.resources.every((r) => r.location !== undefined)).toBe(true);
  });
});
