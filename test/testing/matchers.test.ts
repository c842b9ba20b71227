import { NetworkModel, testing } from "../../lib";

expect.extend(testing.matchers);

const network: NetworkModel = {
  groups: [
    { id: "sg-web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" }] },
    { id: "sg-db", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-web" }] },
  ],
  instances: [
    { id: "web-1", privateIp: "10.0.1.5", groups: ["sg-web"] },
    { id: "db-1", privateIp: "10.0.2.5", groups: ["sg-db"] },
  ],
};

const open: NetworkModel = { groups: [{ id: "sg-admin", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }] }] };

describe("jest matchers", () => {
  test("toAllow and toDeny assert flows", () => {
    expect(network).toAllow({ from: "198.51.100.7", to: "web-1", protocol: "tcp", port: 443 });
    expect(network).toAllow({ from: "web-1", to: "db-1", protocol: "tcp", port: 3306 });
    expect(network).toDeny({ from: "198.51.100.7", to: "db-1", protocol: "tcp", port: 3306 });
    expect(network).not.toAllow({ from: "web-1", to: "db-1", protocol: "tcp", port: 22 });
  });

  test("a failing flow assertion explains the decision", () => {
    expect(() => expect(network).toAllow({ from: "198.51.100.7", to: "db-1", protocol: "tcp", port: 3306 })).toThrow(/to be allowed, but it is denied: /);
  });

  test("toHaveNoFindings and toHaveFinding assert checks", () => {
    expect(network).toHaveNoFindings();
    expect(open).toHaveFinding("public-admin-port");
    expect(open).toHaveFinding("public-admin-port", { groupId: "sg-admin", severity: "high", ruleIndex: 0 });
    expect(open).not.toHaveFinding("public-database-port");
    expect(() => expect(open).toHaveNoFindings()).toThrow(/\[high\] public-admin-port \(also fails world-open-non-web\) on sg-admin rule 0/);
  });

  test("check options reach the matchers", () => {
    expect(open).toHaveNoFindings({ minSeverity: "high", adminPorts: [3389] });
  });
});
