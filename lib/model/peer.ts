/**
 * `Peer`: the authorisation object of a rule (the source of ingress, the destination of egress),
 * built only by factories.
 */
import { ValidationError } from "./errors";
import { CidrBlock, isAnyAddress, parseCidr } from "./ip";
import { RuleArgs } from "./rule";

/** What kind of object a peer is. */
export type PeerKind = "ipv4" | "ipv6" | "security-group" | "prefix-list";

/** Peer fields of a rule. */
export type PeerFields = Pick<RuleArgs, "cidrIp" | "ipv6CidrIp" | "sourceSecurityGroupId" | "sourceGroupOwnerId" | "prefixListId">;

/** A rule's peer. Build with `Peer.ipv4("10.0.0.0/16")`, `Peer.securityGroup("sg-…")`… */
export class Peer {
  private constructor(
    /** Which kind of peer. */
    readonly kind: PeerKind,
    /** Canonical CIDR, group id or prefix list id. */
    readonly value: string,
    /** Owner account of a cross-account group. */
    readonly ownerId?: string,
  ) {}

  /** An IPv4 CIDR block, or one address (`/32`). */
  static ipv4(cidr: string): Peer {
    return new Peer("ipv4", Peer.block("cidr", cidr, "ipv4").text);
  }
  /** An IPv6 CIDR block, or one address (`/128`). */
  static ipv6(cidr: string): Peer {
    return new Peer("ipv6", Peer.block("cidr", cidr, "ipv6").text);
  }
  /** An IPv4 or IPv6 block, whichever the text is. */
  static cidr(cidr: string): Peer {
    const b = Peer.block("cidr", cidr);
    return new Peer(b.family, b.text);
  }
  /** Every IPv4 address: `0.0.0.0/0`. */
  static anyIpv4(): Peer {
    return new Peer("ipv4", "0.0.0.0/0");
  }
  /** Every IPv6 address: `::/0`. */
  static anyIpv6(): Peer {
    return new Peer("ipv6", "::/0");
  }
  /** Members of a security group, optionally owned by another account (numeric id). */
  static securityGroup(id: string, ownerId?: string): Peer {
    if (typeof id !== "string" || !/^sg-[0-9A-Za-z][0-9A-Za-z_-]*$/.test(id)) {
      throw new ValidationError("invalid-security-group-id", "securityGroupId", id, "is not a security group id", `Use the group's id, which starts with "sg-" (for another account, pass its account id as the second argument).`);
    }
    if (typeof ownerId === "number") {
      // A 16-digit account id is past the integers a number holds exactly: it must be a string.
      throw new ValidationError("invalid-owner", "ownerId", ownerId, "must be the account id as a string of digits, not a number (16-digit ids lose digits as numbers)", `Quote it: ownerId: "${Number.isSafeInteger(ownerId) ? ownerId : "<the account id>"}".`);
    }
    if (ownerId !== undefined && (typeof ownerId !== "string" || !/^[0-9]{1,32}$/.test(ownerId))) {
      throw new ValidationError("invalid-owner", "ownerId", ownerId, "is not a numeric Alibaba Cloud account id", "Pass the numeric id of the account that owns the group.");
    }
    return new Peer("security-group", id, ownerId);
  }
  /** The entries of a prefix list (`pl-…`). */
  static prefixList(id: string): Peer {
    if (typeof id !== "string" || !/^pl-[0-9A-Za-z][0-9A-Za-z_-]*$/.test(id)) {
      throw new ValidationError("invalid-prefix-list-id", "prefixListId", id, "is not a prefix list id", `Use the prefix list's id, which starts with "pl-".`);
    }
    return new Peer("prefix-list", id);
  }

  private static block(field: string, text: string, family?: "ipv4" | "ipv6"): CidrBlock {
    const b = parseCidr(text, family);
    if (!b) {
      const example = family === "ipv6" ? `"2001:db8::/32"` : `"10.0.0.0/16" or "203.0.113.7"`;
      throw new ValidationError("invalid-cidr", field, text, `is not a valid ${family === "ipv6" ? "IPv6" : family === "ipv4" ? "IPv4" : "IP"} CIDR block or address`, `Write it like ${example}.`);
    }
    return b;
  }

  /** True for `0.0.0.0/0` and `::/0`. */
  get isAnyAddress(): boolean {
    const b = this.kind === "ipv4" || this.kind === "ipv6" ? parseCidr(this.value) : undefined;
    return b !== undefined && isAnyAddress(b);
  }

  /** The parsed block of a CIDR peer, else undefined. */
  get block(): CidrBlock | undefined {
    return this.kind === "ipv4" || this.kind === "ipv6" ? parseCidr(this.value) : undefined;
  }

  /** The rule fields for this peer. */
  toRuleFields(): PeerFields {
    switch (this.kind) {
      case "ipv4":
        return { cidrIp: this.value };
      case "ipv6":
        return { ipv6CidrIp: this.value };
      case "prefix-list":
        return { prefixListId: this.value };
      default:
        return this.ownerId ? { sourceSecurityGroupId: this.value, sourceGroupOwnerId: this.ownerId } : { sourceSecurityGroupId: this.value };
    }
  }

  /** `10.0.0.0/16`, `sg-…`, `123456/sg-…`, `pl-…`: used in names and descriptions. */
  toString(): string {
    return this.ownerId ? `${this.ownerId}/${this.value}` : this.value;
  }
}
