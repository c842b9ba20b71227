/**
 * The service catalogue: well-known services, their ports and source ranges, each with the
 * Alibaba Cloud document it comes from. Defined here once and read everywhere else: `Port.SSH`
 * and the other `Port` constants, the components' defaults, the checks' defaults, the diff's
 * severities and the recognition of existing groups. Plain data: nothing here depends on the
 * rest of the model.
 */

const SEED_004 = "ECS: Security group application guidance and cases";
const SEED_001 = "ECS: Best practices of the security group (part 2)";

/** One service of the catalogue: its protocol, its port (tcp services) and where the default comes from. */
export interface ServiceEntry {
  /** Display name. */
  readonly name: string;
  /** Protocol. */
  readonly protocol: "tcp" | "icmp";
  /** The tcp port; none for icmp. */
  readonly port?: number;
  /** The guidance the default comes from. */
  readonly source: string;
}

/** The service catalogue, by name. */
export const SERVICE_CATALOGUE = {
  SSH: { name: "SSH", protocol: "tcp", port: 22, source: `${SEED_004}, case 2` },
  RDP: { name: "RDP", protocol: "tcp", port: 3389, source: `${SEED_004}, case 2` },
  HTTP: { name: "HTTP", protocol: "tcp", port: 80, source: `${SEED_004}, case 1` },
  HTTPS: { name: "HTTPS", protocol: "tcp", port: 443, source: `${SEED_004}, case 1` },
  MYSQL: { name: "MySQL", protocol: "tcp", port: 3306, source: `${SEED_004}, case 3` },
  POSTGRESQL: { name: "PostgreSQL", protocol: "tcp", port: 5432, source: `${SEED_004}, case 3` },
  SQL_SERVER: { name: "SQL Server", protocol: "tcp", port: 1433, source: `${SEED_004}, case 3` },
  ORACLE: { name: "Oracle", protocol: "tcp", port: 1521, source: `${SEED_004}, case 3` },
  REDIS: { name: "Redis", protocol: "tcp", port: 6379, source: `${SEED_004}, case 3; ${SEED_001}` },
  MONGODB: { name: "MongoDB", protocol: "tcp", port: 27017, source: "MongoDB default port" },
  FTP: { name: "FTP", protocol: "tcp", port: 21, source: `${SEED_004}, case 5` },
  ICMP: { name: "ICMP", protocol: "icmp", source: `${SEED_004}, case 4` },
} as const satisfies Record<string, ServiceEntry>;

const S = SERVICE_CATALOGUE;

/** Database engines and their default ports. */
export const DATABASE_PORTS = {
  mysql: S.MYSQL.port,
  postgresql: S.POSTGRESQL.port,
  sqlserver: S.SQL_SERVER.port,
  oracle: S.ORACLE.port,
  redis: S.REDIS.port,
  mongodb: S.MONGODB.port,
} as const;

/** A database engine known to the catalogue. */
export type DatabaseEngine = keyof typeof DATABASE_PORTS;

/** Admin ports: SSH and RDP. */
export const ADMIN_PORTS: readonly number[] = [S.SSH.port, S.RDP.port];
/** The admin port of each operating system: SSH for Linux, RDP for Windows. */
export const OS_ADMIN_PORTS = { linux: S.SSH.port, windows: S.RDP.port } as const;
/** Database ports of every engine in the catalogue. */
export const DATABASE_PORT_LIST: readonly number[] = Object.values(DATABASE_PORTS);
/** Ports a website opens to everyone. */
export const WEB_PORTS: readonly number[] = [S.HTTP.port, S.HTTPS.port];
/** Ports an application tier serves to the web tier by default (seed 004, case 1: the three-tier plan). */
export const APP_PORTS: readonly number[] = [8080];

/**
 * Source ranges of Alibaba Cloud Workbench (seed 004, case 2): connections through the
 * instance's public IP or EIP come from `public`, through its private IP from `private`.
 */
export const WORKBENCH_CIDRS = {
  public: "161.117.0.0/16",
  private: "100.104.0.0/16",
} as const;
