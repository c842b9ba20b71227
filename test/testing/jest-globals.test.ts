import { describe, expect, test } from "@jest/globals";
import "../../lib/testing/jest";
import { NetworkModel } from "../../lib";

const open: NetworkModel = {
  groups: [{ id: "sg-vpn", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "udp", portRange: "51820/51820", cidrIp: "0.0.0.0/0" }] }],
  instances: [{ id: "i-vpn", privateIp: "10.0.0.5", groups: ["sg-vpn"] }],
};

describe("matchers with import { expect } from @jest/globals", () => {
  test("are registered and typed by importing the jest entry", () => {
    expect(open).toHaveFinding("world-open-non-web");
    expect(open).not.toHaveFinding("public-admin-port");
    expect(open).toAllow({ from: "198.51.100.7", to: "i-vpn", protocol: "udp", port: 51820 });
  });

  test("a check name that is no check throws, even under .not", () => {
    // @ts-expect-error: the check name is typed, so the typo does not compile either
    expect(() => expect(open).not.toHaveFinding("world-open-non-wbe")).toThrow(/is not a check/);
  });

  test("exemptions acknowledge a finding, which then counts only when asked for", () => {
    const exemptions = [{ check: "world-open-non-web" as const, rule: "sg-vpn/in-accept-p1-udp:51820-from-0.0.0.0/0", reason: "WireGuard endpoint" }];
    expect(open).toHaveNoFindings({ exemptions });
    expect(open).not.toHaveFinding("world-open-non-web", {}, { exemptions });
    expect(open).toHaveFinding("world-open-non-web", { acknowledged: true }, { exemptions });
    expect(() => expect(open).toHaveNoFindings({ exemptions: [{ check: "world-open-non-web", rule: "x", reason: "" }] })).toThrow(/reason must be a non-empty string/);
  });
});
