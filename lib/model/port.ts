/**
 * `Port`: what a rule matches by protocol and ports, built only by factories.
 */
import { ValidationError } from "./errors";
import { IpProtocol, NO_PORTS, formatPortRange } from "./rule";
import { portText } from "./rule-key";

function checkPort(field: string, port: unknown): number {
  if (typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  throw new ValidationError("invalid-port", field, port, "is not a port number", "Use a whole number from 1 to 65535.");
}

/** A protocol and port interval. Build with `Port.tcp(22)`, `Port.tcpRange(8000, 8080)`, `Port.icmp()`… */
export class Port {
  /** SSH, tcp 22. */
  static readonly SSH = Port.tcp(22);
  /** RDP, tcp 3389. */
  static readonly RDP = Port.tcp(3389);
  /** HTTP, tcp 80. */
  static readonly HTTP = Port.tcp(80);
  /** HTTPS, tcp 443. */
  static readonly HTTPS = Port.tcp(443);
  /** MySQL, tcp 3306. */
  static readonly MYSQL = Port.tcp(3306);
  /** PostgreSQL, tcp 5432. */
  static readonly POSTGRESQL = Port.tcp(5432);
  /** SQL Server, tcp 1433. */
  static readonly SQL_SERVER = Port.tcp(1433);
  /** Oracle, tcp 1521. */
  static readonly ORACLE = Port.tcp(1521);
  /** Redis, tcp 6379. */
  static readonly REDIS = Port.tcp(6379);
  /** MongoDB, tcp 27017. */
  static readonly MONGODB = Port.tcp(27017);
  /** FTP control, tcp 21. */
  static readonly FTP = Port.tcp(21);

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
