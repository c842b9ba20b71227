/**
 * Each example's seed scenario, asserted as behaviour: who can reach what, and what stays
 * closed. One instance stands in each group so flows can be asked of the evaluator.
 */
import { Flow, InstanceModel, NetworkModel, testing } from "../../lib";
import { run } from "./run-example";

expect.extend(testing.matchers);

/** The example's network, with one instance per named group. */
async function withMembers(example: string, members: Record<string, { group: string | string[]; ip: string; accountId?: string }>): Promise<NetworkModel> {
  const { network } = await run(example);
  const ids = new Set(network.groups.map((g) => g.id));
  const groupsOf = (m: { group: string | string[] }) => (Array.isArray(m.group) ? m.group : [m.group]);
  const extraGroups = [...new Set(Object.values(members).flatMap(groupsOf))].filter((g) => !ids.has(g)).map((id) => ({ id, rules: [] }));
  const instances: InstanceModel[] = Object.entries(members).map(([id, m]) => ({ id, privateIp: m.ip, groups: groupsOf(m), ...(m.accountId ? { accountId: m.accountId } : {}) }));
  return { ...network, groups: [...network.groups, ...extraGroups], instances };
}

const tcp = (from: string, to: string, port: number): Flow => ({ from, to, protocol: "tcp", port });
const INTERNET_HOST = "203.0.113.9";

describe("three-tier (seed 000's plan, seed 004 cases 1 and 3)", () => {
  let net: NetworkModel;
  beforeAll(async () => {
    net = await withMembers("three-tier", { web: { group: "sg-shop-web", ip: "10.0.1.5" }, app: { group: "sg-shop-app", ip: "10.0.2.5" }, db: { group: "sg-shop-db", ip: "10.0.3.5" } });
  });

  test.each<[string, Flow]>([
    ["the internet reaches the web tier on 80", tcp(INTERNET_HOST, "web", 80)],
    ["the internet reaches the web tier on 443", tcp(INTERNET_HOST, "web", 443)],
    ["the web tier reaches the app tier on 8080", tcp("web", "app", 8080)],
    ["the app tier reaches the database on 3306", tcp("app", "db", 3306)],
  ])("%s", (_name, flow) => expect(net).toAllow(flow));

  test.each<[string, Flow]>([
    ["the internet cannot reach SSH on the web tier", tcp(INTERNET_HOST, "web", 22)],
    ["the internet cannot reach the app tier", tcp(INTERNET_HOST, "app", 8080)],
    ["the internet cannot reach the database", tcp(INTERNET_HOST, "db", 3306)],
    ["the web tier cannot reach the database", tcp("web", "db", 3306)],
    ["the web tier reaches the app on 8080 only", tcp("web", "app", 8081)],
    ["the app tier reaches the database port only", tcp("app", "db", 22)],
    ["a private address cannot reach the database", tcp("10.0.9.9", "db", 3306)],
  ])("%s", (_name, flow) => expect(net).toDeny(flow));

  test("has no findings", () => expect(net).toHaveNoFindings());
});

describe("redis-from-web (seed 001)", () => {
  let net: NetworkModel;
  beforeAll(async () => {
    net = await withMembers("redis-from-web", { web: { group: "sg-shop-web", ip: "10.0.1.5" }, app: { group: "sg-shop-app", ip: "10.0.2.5" }, cache: { group: "sg-cache-db", ip: "10.0.4.5" } });
  });
  test("the web group reaches Redis", () => expect(net).toAllow(tcp("web", "cache", 6379)));
  test("the app group does not", () => expect(net).toDeny(tcp("app", "cache", 6379)));
  test("the internet does not", () => expect(net).toDeny(tcp(INTERNET_HOST, "cache", 6379)));
});

describe("databases (seed 004 case 3)", () => {
  let net: NetworkModel;
  beforeAll(async () => {
    net = await withMembers("databases", {
      app: { group: "sg-app", ip: "172.16.1.5" },
      mysql: { group: "sg-mysql-db", ip: "172.16.2.5" },
      postgresql: { group: "sg-postgresql-db", ip: "172.16.3.5" },
      oracle: { group: "sg-oracle-db", ip: "172.16.4.5" },
      sqlserver: { group: "sg-sqlserver-db", ip: "172.16.5.5" },
      redis: { group: "sg-redis-db", ip: "172.16.6.5" },
      partner: { group: "sg-bp174yoe2ib1sqj5abcd", ip: "172.16.7.5", accountId: "1609982529920000" },
      stranger: { group: "sg-bp174yoe2ib1sqj5abcd", ip: "172.16.7.6", accountId: "1111111111111111" },
    });
  });
  test.each<[string, Flow]>([
    ["MySQL from its one client address", tcp("172.16.0.10", "mysql", 3306)],
    ["Oracle from its one client address", tcp("192.168.0.10", "oracle", 1521)],
    ["SQL Server from its client block", tcp("192.168.44.1", "sqlserver", 1433)],
    ["PostgreSQL from the app group", tcp("app", "postgresql", 5432)],
    ["Redis from the partner account's group", tcp("partner", "redis", 6379)],
  ])("allows %s", (_name, flow) => expect(net).toAllow(flow));
  test.each<[string, Flow]>([
    ["MySQL from a neighbouring address", tcp("172.16.0.11", "mysql", 3306)],
    ["MySQL from the internet", tcp(INTERNET_HOST, "mysql", 3306)],
    ["PostgreSQL from an address", tcp("172.16.1.5", "postgresql", 5432)],
    ["Redis from the same group id in another account", tcp("stranger", "redis", 6379)],
    ["Redis from the app group", tcp("app", "redis", 6379)],
  ])("denies %s", (_name, flow) => expect(net).toDeny(flow));
});

describe("workbench-admin (seed 004 case 2)", () => {
  let net: NetworkModel;
  beforeAll(async () => {
    net = await withMembers("workbench-admin", { linux: { group: "sg-linux-servers", ip: "192.168.1.5" }, windows: { group: "sg-windows-servers", ip: "192.168.2.5" } });
  });
  test.each<[string, Flow]>([
    ["SSH from Workbench over the public IP", tcp("161.117.20.1", "linux", 22)],
    ["SSH from Workbench over the private IP", tcp("100.104.3.4", "linux", 22)],
    ["SSH from the admin address", tcp("192.168.0.10", "linux", 22)],
    ["RDP from Workbench", tcp("100.104.3.4", "windows", 3389)],
  ])("allows %s", (_name, flow) => expect(net).toAllow(flow));
  test.each<[string, Flow]>([
    ["SSH from anywhere else", tcp(INTERNET_HOST, "linux", 22)],
    ["RDP to the Linux servers", tcp("100.104.3.4", "linux", 3389)],
    ["SSH to the Windows servers", tcp("100.104.3.4", "windows", 22)],
  ])("denies %s", (_name, flow) => expect(net).toDeny(flow));
  test("has no high findings", () => expect(net).toHaveNoFindings({ minSeverity: "high" }));
});

describe("outbound-whitelist (seed 004 case 6)", () => {
  let net: NetworkModel;
  beforeAll(async () => {
    net = await withMembers("outbound-whitelist", { worker: { group: "sg-workers", ip: "10.0.1.5" } });
  });
  test("the worker reaches the HTTP site on 80", () => expect(net).toAllow(tcp("worker", "47.96.0.10", 80)));
  test("the worker reaches the HTTPS site on 443", () => expect(net).toAllow(tcp("worker", "121.199.0.10", 443)));
  test("the HTTP site only on 80", () => expect(net).toDeny(tcp("worker", "47.96.0.10", 443)));
  test("nothing else", () => expect(net).toDeny(tcp("worker", "8.8.8.8", 443)));
  test("no DNS either: the whitelist means it", () => expect(net).toDeny({ from: "worker", to: "8.8.8.8", protocol: "udp", port: 53 }));
});

describe("interconnect (seed 000's four methods, seed 004 case 5)", () => {
  let net: NetworkModel;
  beforeAll(async () => {
    net = await withMembers("interconnect", {
      a: { group: "sg-app-a", ip: "10.0.1.11" },
      b: { group: "sg-app-b", ip: "10.0.1.12" },
      c: { group: "sg-app-b", ip: "10.0.1.13" },
      "node-1": { group: "sg-cluster-interconnect", ip: "10.0.2.1" },
      "node-2": { group: "sg-cluster-interconnect", ip: "10.0.2.2" },
      "mesh-a": { group: ["sg-app-a", "sg-mesh-interconnect"], ip: "10.0.3.1" },
      "mesh-b": { group: ["sg-app-b", "sg-mesh-interconnect"], ip: "10.0.3.2" },
      server: { group: "sg-file-server", ip: "10.0.4.1" },
      client: { group: "sg-file-client", ip: "10.0.4.2" },
      partner: { group: "sg-bp174yoe2ib1sqj5abcd", ip: "10.0.9.1", accountId: "1609982529920000" },
    });
  });
  test.each<[string, Flow]>([
    ["single-ip: a reaches b's address on 8080", tcp("a", "b", 8080)],
    ["single-ip: b reaches a's address on 8080", tcp("b", "a", 8080)],
    ["same-group: cluster nodes reach each other on any port", tcp("node-1", "node-2", 5432)],
    ["dedicated-group: members reach each other on any port", tcp("mesh-a", "mesh-b", 22)],
    ["group-authorization: the client reaches the file server on FTP", tcp("client", "server", 21)],
    ["group-authorization: the partner account's group too", tcp("partner", "server", 21)],
  ])("%s", (_name, flow) => expect(net).toAllow(flow));
  test.each<[string, Flow]>([
    ["single-ip: only on 8080", tcp("a", "b", 8081)],
    ["single-ip: only from the one address", tcp("c", "a", 8080)],
    ["same-group: not from outside the group", tcp("a", "node-1", 5432)],
    ["group-authorization: FTP only", tcp("client", "server", 22)],
    ["group-authorization: not from the internet", tcp(INTERNET_HOST, "server", 21)],
  ])("%s", (_name, flow) => expect(net).toDeny(flow));
});
