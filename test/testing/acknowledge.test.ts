import * as alicloud from "@pulumi/alicloud";
import { ThreeTierSecurityGroups, acknowledge, testing } from "../../lib";
import { ValidationError } from "../../lib/model/errors";

expect.extend(testing.matchers);

describe("acknowledge() in code", () => {
  test("acknowledges a finding on a rule resource: the capture carries it and the matchers honour it", async () => {
    const capture = await testing.captureStack(() => {
      const vpn = new alicloud.ecs.SecurityGroup("vpn", { vpcId: "vpc-1", innerAccessPolicy: "Drop" });
      const wg = new alicloud.ecs.SecurityGroupRule("vpn-wireguard", { securityGroupId: vpn.id, type: "ingress", ipProtocol: "udp", portRange: "51820/51820", cidrIp: "0.0.0.0/0" });
      acknowledge(wg, "world-open-non-web", "WireGuard endpoint, open by design");
    });
    expect(capture.exemptions).toEqual([{ check: "world-open-non-web", rule: "vpn-wireguard", reason: "WireGuard endpoint, open by design", where: "acknowledge(vpn-wireguard, world-open-non-web)" }]);
    expect(capture.network).toHaveNoFindings();
    expect(capture.network).toHaveFinding("world-open-non-web", { acknowledged: true });
  });

  test("acknowledges on a component: every rule it creates, one entry that is stale only as a whole", async () => {
    const network = await testing.captureNetwork(() => {
      const lab = new ThreeTierSecurityGroups("lab", { vpcId: "vpc-1", web: { ports: [22] }, allowUnsafe: { reason: "honeypot" } });
      acknowledge(lab, "public-admin-port", "honeypot, ticket SEC-42");
    });
    // The SSH rule is acknowledged for public-admin-port; it still fails world-open-non-web.
    expect(network).not.toHaveFinding("public-admin-port");
    expect(network).toHaveFinding("public-admin-port", { acknowledged: true });
    expect(network).toHaveFinding("world-open-non-web");
  });

  test("refuses an unknown check and a missing reason before anything is recorded", () => {
    const fake = {} as never;
    expect(() => acknowledge(fake, "public-admin-prot" as never, "x")).toThrow(ValidationError);
    expect(() => acknowledge(fake, "public-admin-port", " ")).toThrow(/reason must be a non-empty string/);
    expect(() => acknowledge(fake, "invalid-rule" as never, "x")).toThrow(/cannot be acknowledged/);
  });
});
