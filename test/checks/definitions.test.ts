import * as fs from "fs";
import * as path from "path";
import { CHECKS, CHECK_DEFINITIONS, CHECK_IDS, CheckDefinition, checkNetwork } from "../../lib/checks";
import { NetworkModel } from "../../lib/model/network";

const CHECKS_DIR = path.join(__dirname, "..", "..", "lib", "checks");

/** A network that every group and network check looks at: groups, rules, instances, a public address. */
const NETWORK: NetworkModel = {
  complete: true,
  groups: [
    { id: "sg-web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }] },
    { id: "sg-db", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "all", portRange: "-1/-1", sourceSecurityGroupId: "sg-web" }] },
  ],
  instances: [
    { id: "i-web", groups: ["sg-web"], privateIp: "10.0.0.5", publicIp: "203.0.113.5" },
    { id: "i-db", groups: ["sg-db"], privateIp: "10.0.0.6" },
  ],
};

describe("the check registry", () => {
  test.each(CHECK_DEFINITIONS.map((d) => [d.id, d]))("%s is one file, named after its id, exporting its definition", (id, definition) => {
    const file = path.join(CHECKS_DIR, `${id}.ts`);
    expect(fs.existsSync(file)).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    expect(Object.values(require(file) as Record<string, unknown>)).toContain(definition);
  });

  test("the ids and the entries the policy pack and the docs read are the definitions, in order", () => {
    expect([...CHECK_IDS]).toEqual(CHECK_DEFINITIONS.map((d) => d.id));
    expect(CHECKS).toHaveLength(CHECK_DEFINITIONS.length);
    CHECKS.forEach((c, i) => expect(c).toBe(CHECK_DEFINITIONS[i]));
  });

  test("every check but the input checks brings the function that runs it", () => {
    for (const d of CHECK_DEFINITIONS as readonly CheckDefinition[]) {
      expect([d.id, d.group !== undefined || d.network !== undefined]).toEqual([d.id, d.scope !== "input"]);
    }
  });

  test("checkNetwork runs each definition's own function", () => {
    const defs = CHECK_DEFINITIONS as readonly CheckDefinition[];
    const spies = defs.flatMap((d) => (["group", "network"] as const).filter((k) => d[k] !== undefined).map((k) => [d.id, k, jest.spyOn(d as Required<CheckDefinition>, k)] as const));
    try {
      checkNetwork(NETWORK);
      for (const [id, kind, spy] of spies) expect([id, kind, spy.mock.calls.length > 0]).toEqual([id, kind, true]);
    } finally {
      for (const [, , spy] of spies) spy.mockRestore();
    }
  });
});
