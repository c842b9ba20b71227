/**
 * How the findings on one rule become one (`consolidateFindings`, as checkNetwork, the
 * exemptions and the policy pack call it): the merged message names only what the run's checks
 * found, the worst unacknowledged check leads whatever the order the findings came in, and an
 * acknowledged rule says every reason and entry once.
 */
import { checkNetwork } from "../../lib/checks/check-network";
import { resolveCheckOptions } from "../../lib/checks/check-options";
import { consolidateFindings } from "../../lib/checks/consolidate";
import { CheckId } from "../../lib/checks/finding";
import { NetworkModel } from "../../lib/model/network";
import { ingress } from "./helpers";

const NET: NetworkModel = { groups: [{ id: "sg-test", vpcId: "vpc-1", rules: [ingress({ portRange: "20/3306" }), ingress({ portRange: "1/65535" })] }] };
const messages = (checks: CheckId[]) => checkNetwork(NET, { checks }).map((f) => [f.check, f.alsoFails, f.message]);

describe("merging the findings on a rule", () => {
  test("the message names only what the run's checks found", () => {
    expect(messages(["public-database-port", "world-open-non-web"])[0]).toEqual([
      "public-database-port",
      ["world-open-non-web"],
      "ingress accept tcp:20-3306 from 0.0.0.0/0 (priority 1) opens database tcp:1433, 1521, 3306, other ports tcp:20-79, 81-442, 444-1432, 1434-1520, 1522-3305.",
    ]);
    expect(messages(["public-admin-port", "public-database-port"])[0]).toEqual(["public-admin-port", ["public-database-port"], "ingress accept tcp:20-3306 from 0.0.0.0/0 (priority 1) opens admin tcp:22, database tcp:1433, 1521, 3306."]);
    expect(messages(["public-admin-port", "all-ports-open"])).toEqual([
      ["public-admin-port", undefined, "ingress accept tcp:20-3306 from 0.0.0.0/0 (priority 1) opens admin port tcp:22 to every address."],
      ["public-admin-port", ["all-ports-open"], "ingress accept tcp:1-65535 from 0.0.0.0/0 (priority 1) opens admin tcp:22, 3389, every other port."],
    ]);
  });

  const options = resolveCheckOptions({});
  // Found in each test: a mutation run credits only what runs inside a test.
  const unmerged = () => checkNetwork(NET, { consolidate: false }).filter((f) => f.ruleIndex === 1);

  test("the worst leads and the others follow in the registry's order, whatever order they came in", () => {
    const raw = unmerged();
    expect(raw.map((f) => f.check)).toEqual(["public-admin-port", "public-database-port", "all-ports-open", "world-open-non-web"]);
    expect(consolidateFindings(NET, [...raw].reverse(), options).map((f) => [f.check, f.alsoFails])).toEqual([["public-admin-port", ["public-database-port", "all-ports-open", "world-open-non-web"]]]);
  });

  test("a rule every check of which is acknowledged says each reason and each entry once", () => {
    const raw = unmerged();
    const acked = raw.map((f, i) => ({ ...f, acknowledged: { reason: i % 2 ? "b" : "a", exemption: i < 2 ? "x" : "y" } }));
    expect(consolidateFindings(NET, acked, options).map((f) => [f.check, f.alsoFails, f.acknowledged])).toEqual([["public-admin-port", ["public-database-port", "all-ports-open", "world-open-non-web"], { reason: "a; b", exemption: "x, y" }]]);
  });

  test("an acknowledgement without a reason or entry adds none", () => {
    const raw = unmerged();
    const acked = raw.map((f, i) => ({ ...f, acknowledged: { reason: i === 0 ? "a" : "", exemption: i === 0 ? "" : "y" } }));
    expect(consolidateFindings(NET, acked, options)[0].acknowledged).toEqual({ reason: "a", exemption: "y" });
  });

  test("otherwise the worst unacknowledged check leads, unacknowledged", () => {
    const raw = unmerged();
    const some = raw.map((f, i) => (i === 0 ? { ...f, acknowledged: { reason: "a", exemption: "x" } } : f));
    const [f] = consolidateFindings(NET, some, options);
    expect([f.check, f.alsoFails, f.acknowledged]).toEqual(["public-database-port", ["all-ports-open", "world-open-non-web", "public-admin-port"], undefined]);
  });
});
