/**
 * The README's three intents ("the internet reaches only web on 80/443", "nothing reaches role=db
 * but role=app on 3306", "payments reaches the PSP on 443 and nothing else on the internet"), in
 * code and as a file, are the same intents, read by the shipped schema and the reader, and a
 * program that keeps them satisfies them; one that does not fails them.
 */
import * as alicloud from "@pulumi/alicloud";
import Ajv from "ajv";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { scratchDir } from "../scratch";
import { OutboundWhitelist, ThreeTierSecurityGroups, testing } from "../../lib";
import { INTENTS_SCHEMA_PATH, parseIntentsFile } from "../../lib/analysis/intents-file";

expect.extend(testing.matchers);

const ROOT = path.join(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const SECTION = README.slice(README.indexOf("## Intents: who may reach what, proved"), README.indexOf("## Least-privilege checks"));
const CODE = /```ts\n([\s\S]*?)```/.exec(SECTION)?.[1] ?? "";
const FILE = /```yaml\n([\s\S]*?)```/.exec(SECTION)?.[1] ?? "";

function program(dbOpen: boolean) {
  return () => {
    new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", ...(dbOpen ? { db: { sources: ["0.0.0.0/0"] }, allowUnsafe: { reason: "test" } } : {}) });
    const payments = new alicloud.ecs.SecurityGroup("payments", { vpcId: "vpc-1", innerAccessPolicy: "Drop", tags: { role: "payments" } });
    new OutboundWhitelist("payments-out", { securityGroupId: payments, destinations: [{ cidr: "203.0.113.0/24", name: "psp", ports: [443] }] });
  };
}

describe("the README's intents", () => {
  test("in code and in the file: the same ids; the file is valid against the shipped schema and reads", () => {
    const ids = [...CODE.matchAll(/\{ id: "([^"]+)"/g)].map((m) => m[1]);
    const file = parseIntentsFile(FILE, "intents.yaml");
    expect(file.map((i) => i.id)).toEqual(ids);
    expect(ids).toHaveLength(6);
    const validate = new Ajv({ strict: false }).compile(JSON.parse(fs.readFileSync(path.join(ROOT, INTENTS_SCHEMA_PATH), "utf8")));
    expect(validate(yaml.load(FILE))).toBe(true);
  });

  test("hold on a program that keeps them, and a database open to the world breaks 'nothing else reaches db'", async () => {
    const dir = scratchDir("readme-intents-");
    fs.writeFileSync(path.join(dir, "intents.yaml"), FILE);
    const kept = await testing.captureNetwork(program(false));
    expect(kept).toSatisfyIntents(path.join(dir, "intents.yaml"));
    expect(kept).toSatisfyIntents();
    const open = await testing.captureNetwork(program(true));
    expect(() => expect(open).toSatisfyIntents(path.join(dir, "intents.yaml"))).toThrow(/\[broken\] nothing-else-reaches-db .*\n\s+witness: tcp:3306 from \S+ to member of sg-shop-db/);
  });
});
