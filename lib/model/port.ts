/**
 * `Port`: what a rule matches by protocol and ports, built only by factories.
 */
import { ValidationError } from "./errors";
import { IpProtocol, NO_PORTS, formatPortRange } from "./rule";
import { portText } from "./rule-key";
import { SERVICE_CATALOGUE as S, ServiceEntry } from "./services";

function checkPort(field: string, port: unknown): number {
  if (typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  throw new ValidationError("invalid-port", field, port, "is not a port number", "Use a whole number from 1 to 65535.");
}

/** A protocol and port interval. Build with `Port.tcp(22)`, `Port.tcpRange(8000, 8080)`, `Port.icmp()`… */
export class Port {
  /** SSH, tcp 22. */
  static readonly SSH = Port.tcp(S.SSH.port);
  /** RDP, tcp 3389. */
  static readonly RDP = Port.tcp(S.RDP.port);
  /** HTTP, tcp 80. */
  static readonly HTTP = Port.tcp(S.HTTP.port);
  /** HTTPS, tcp 443. */
  static readonly HTTPS = Port.tcp(S.HTTPS.port);
  /** MySQL, tcp 3306. */
  static readonly MYSQL = Port.tcp(S.MYSQL.port);
  /** PostgreSQL, tcp 5432. */
  static readonly POSTGRESQL = Port.tcp(S.POSTGRESQL.port);
  /** SQL Server, tcp 1433. */
  static readonly SQL_SERVER = Port.tcp(S.SQL_SERVER.port);
  /** Oracle, tcp 1521. */
  static readonly ORACLE = Port.tcp(S.ORACLE.port);
  /** Redis, tcp 6379. */
  static readonly REDIS = Port.tcp(S.REDIS.port);
  /** MongoDB, tcp 27017. */
  static readonly MONGODB = Port.tcp(S.MONGODB.port);
  /** FTP control, tcp 21. */
  static readonly FTP = Port.tcp(S.FTP.port);

  private constructor(
    /** The rule's `ipProtocol`. */
    readonly protocol: IpProtocol,
    /** First port, or -1 for protocols without ports. */
    readonly from: number,
    /** Last port, or -1 for protocols without ports. */
    readonly to: number,
  ) {}

  /** One TCP port. */
  static tcp(port: number): Port {
    const p = checkPort("port", port);
    return new Port("tcp", p, p);
  }
  /** A TCP port interval, both ends included. */
  static tcpRange(from: number, to: number): Port {
    return Port.range("tcp", from, to);
  }
  /** Every TCP port (1..65535). */
  static allTcp(): Port {
    return new Port("tcp", 1, 65535);
  }
  /** One UDP port. */
  static udp(port: number): Port {
    const p = checkPort("port", port);
    return new Port("udp", p, p);
  }
  /** A UDP port interval, both ends included. */
  static udpRange(from: number, to: number): Port {
    return Port.range("udp", from, to);
  }
  /** Every UDP port (1..65535). */
  static allUdp(): Port {
    return new Port("udp", 1, 65535);
  }
  /** All ICMP (IPv4) messages, e.g. ping. */
  static icmp(): Port {
    return new Port("icmp", -1, -1);
  }
  /** All ICMPv6 messages. */
  static icmpv6(): Port {
    return new Port("icmpv6", -1, -1);
  }
  /** GRE. */
  static gre(): Port {
    return new Port("gre", -1, -1);
  }
  /** Every protocol and port. */
  static allTraffic(): Port {
    return new Port("all", -1, -1);
  }

  private static range(protocol: "tcp" | "udp", from: number, to: number): Port {
    const f = checkPort("from", from);
    const t = checkPort("to", to);
    if (f > t) throw new ValidationError("invalid-port-range", "from", from, `is after to (${to})`, `Write the smaller port first: ${protocol}Range(${to}, ${from}).`);
    return new Port(protocol, f, t);
  }

  /** The provider's `portRange`: `"22/22"`, or `"-1/-1"` without ports. */
  get portRange(): string {
    return this.from === -1 ? NO_PORTS : formatPortRange(this.from, this.to);
  }

  /** True when the port interval is every port (or the protocol has none). */
  get isAllPorts(): boolean {
    return this.from === -1 || (this.from === 1 && this.to === 65535);
  }

  /** The rule fields for this port: `{ ipProtocol, portRange }`. */
  toRuleFields(): { ipProtocol: IpProtocol; portRange: string } {
    return { ipProtocol: this.protocol, portRange: this.portRange };
  }

  /** `tcp:22`, `tcp:8000-8080`, `icmp`, `all`: used in names and descriptions. */
  toString(): string {
    return portText(this.toRuleFields());
  }
}

/** A service of the catalogue as a `Port`: its name, its port and where the default comes from. */
export interface Service {
  /** Display name. */
  readonly name: string;
  /** Protocol and port. */
  readonly port: Port;
  /** The guidance the default comes from. */
  readonly source: string;
}

function service(entry: ServiceEntry, port: Port): Service {
  return { name: entry.name, port, source: entry.source };
}

/** The service catalogue (lib/model/services.ts) with its ports as `Port` values: `SERVICES.SSH.port` is `Port.SSH`. */
export const SERVICES = {
  SSH: service(S.SSH, Port.SSH),
  RDP: service(S.RDP, Port.RDP),
  HTTP: service(S.HTTP, Port.HTTP),
  HTTPS: service(S.HTTPS, Port.HTTPS),
  MYSQL: service(S.MYSQL, Port.MYSQL),
  POSTGRESQL: service(S.POSTGRESQL, Port.POSTGRESQL),
  SQL_SERVER: service(S.SQL_SERVER, Port.SQL_SERVER),
  ORACLE: service(S.ORACLE, Port.ORACLE),
  REDIS: service(S.REDIS, Port.REDIS),
  MONGODB: service(S.MONGODB, Port.MONGODB),
  FTP: service(S.FTP, Port.FTP),
  ICMP: service(S.ICMP, Port.icmp()),
} as const satisfies Record<keyof typeof S, Service>;
