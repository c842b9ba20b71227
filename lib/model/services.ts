/**
 * Well-known services and source ranges, each with the Alibaba Cloud document it comes from.
 */
import { Port } from "./port";

/** A named service: its port and where the default comes from. */
export interface Service {
  /** Display name. */
  readonly name: string;
  /** Protocol and port. */
  readonly port: Port;
  /** The guidance the default comes from. */
  readonly source: string;
}

const SEED_004 = "ECS: Security group application guidance and cases";
const SEED_001 = "ECS: Best practices of the security group (part 2)";

/** The service catalogue. */
export const SERVICES = {
  SSH: { name: "SSH", port: Port.SSH, source: `${SEED_004}, case 2` },
  RDP: { name: "RDP", port: Port.RDP, source: `${SEED_004}, case 2` },
  HTTP: { name: "HTTP", port: Port.HTTP, source: `${SEED_004}, case 1` },
  HTTPS: { name: "HTTPS", port: Port.HTTPS, source: `${SEED_004}, case 1` },
  MYSQL: { name: "MySQL", port: Port.MYSQL, source: `${SEED_004}, case 3` },
  POSTGRESQL: { name: "PostgreSQL", port: Port.POSTGRESQL, source: `${SEED_004}, case 3` },
  SQL_SERVER: { name: "SQL Server", port: Port.SQL_SERVER, source: `${SEED_004}, case 3` },
  ORACLE: { name: "Oracle", port: Port.ORACLE, source: `${SEED_004}, case 3` },
  REDIS: { name: "Redis", port: Port.REDIS, source: `${SEED_004}, case 3; ${SEED_001}` },
  MONGODB: { name: "MongoDB", port: Port.MONGODB, source: "MongoDB default port" },
  FTP: { name: "FTP", port: Port.FTP, source: `${SEED_004}, case 5` },
  ICMP: { name: "ICMP", port: Port.icmp(), source: `${SEED_004}, case 4` },
} as const satisfies Record<string, Service>;

/** Database engines and their default ports. */
export const DATABASE_PORTS = {
  mysql: 3306,
  postgresql: 5432,
  sqlserver: 1433,
  oracle: 1521,
  redis: 6379,
  mongodb: 27017,
} as const;

/** A database engine known to the catalogue. */
export type DatabaseEngine = keyof typeof DATABASE_PORTS;

/** Admin ports: SSH and RDP. */
export const ADMIN_PORTS: readonly number[] = [22, 3389];
/** Database ports of every engine in the catalogue. */
export const DATABASE_PORT_LIST: readonly number[] = Object.values(DATABASE_PORTS);
/** Ports a website opens to everyone. */
export const WEB_PORTS: readonly number[] = [80, 443];

/**
 * Source ranges of Alibaba Cloud Workbench (seed 004, case 2): connections through the
 * instance's public IP or EIP come from `public`, through its private IP from `private`.
 */
export const WORKBENCH_CIDRS = {
  public: "161.117.0.0/16",
  private: "100.104.0.0/16",
} as const;
