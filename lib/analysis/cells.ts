/**
 * The address side of a region: outside addresses cut into cells that every rule of a side sees
 * alike, so the judge decides a whole cell at once. Pure.
 */
import { INTERNAL_BLOCKS, isInternalBlock } from "../model/group-network";
import { CidrBlock, IpFamily, addressText } from "../model/ip";
import { CompiledRule, PeerPoint } from "./rule-index";

/** One cell of the outside address space: an address interval every rule of the side sees alike. */
export interface AddressCell {
  /** Family. */
  readonly family: IpFamily;
  /** First address. */
  readonly lo: bigint;
  /** Last address. */
  readonly hi: bigint;
  /** Internal (private, shared or unique-local) or public. */
  readonly internal: boolean;
}

/** The last address of each family. */
export const MAX_ADDRESS: Readonly<Record<IpFamily, bigint>> = { ipv4: (1n << 32n) - 1n, ipv6: (1n << 128n) - 1n };

/** The blocks a rule's peer matches by address: its CIDR, or its prefix list's entries (none for a group peer). */
export function ruleBlocks(r: CompiledRule): readonly CidrBlock[] {
  if (r.peer.kind === "cidr") return [r.peer.block];
  if (r.peer.kind === "prefix-list") return r.peer.entries;
  return [];
}

/**
 * Cuts the address space of each family at every block the rules name (CIDR peers and
 * prefix-list entries), and at the internal ranges when nic types matter (a classic group), so
 * that within a cell every rule matches every address or none.
 */
export function addressCells(ruleSets: readonly (readonly CompiledRule[])[], classic: boolean, families: readonly IpFamily[] = ["ipv4", "ipv6"]): AddressCell[] {
  const cuts: Record<IpFamily, Set<bigint>> = { ipv4: new Set([0n]), ipv6: new Set([0n]) };
  const add = (b: CidrBlock) => {
    cuts[b.family].add(b.first);
    if (b.last < MAX_ADDRESS[b.family]) cuts[b.family].add(b.last + 1n);
  };
  for (const rules of ruleSets) for (const r of rules) ruleBlocks(r).forEach(add);
  if (classic) INTERNAL_BLOCKS.forEach(add);
  const out: AddressCell[] = [];
  for (const family of families) {
    const sorted = [...cuts[family]].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sorted.forEach((lo, i) => {
      const hi = i + 1 < sorted.length ? sorted[i + 1] - 1n : MAX_ADDRESS[family];
      const block: CidrBlock = { family, prefix: family === "ipv4" ? 32 : 128, text: "", first: lo, last: lo };
      out.push({ family, lo, hi, internal: isInternalBlock(block) });
    });
  }
  return out;
}

/** The judge's peer for the first address of a cell (an outside address). */
export function cellPoint(cell: AddressCell): PeerPoint {
  return cell.family === "ipv4" ? { family: "ipv4", v4: Number(cell.lo), v6: 0n, internal: cell.internal } : { family: "ipv6", v4: 0, v6: cell.lo, internal: cell.internal };
}

function v4Text(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The smallest list of CIDR blocks that covers exactly `lo..hi`. */
export function rangeToCidrs(family: IpFamily, lo: bigint, hi: bigint): string[] {
  const out: string[] = [];
  if (lo < 0n || hi > MAX_ADDRESS[family] || lo > hi) throw new RangeError(`not an ${family} range: ${lo}..${hi}`);
  if (family === "ipv4") {
    // Plain numbers: exact below 2^53. Each block is the largest that starts at `cur`: as many
    // bits as `cur` has zeros at its end (its lowest set bit, in 32-bit arithmetic), and no more
    // than the addresses left.
    let cur = Number(lo);
    const end = Number(hi);
    while (cur <= end) {
      const aligned = cur === 0 ? 32 : 31 - Math.clz32(cur & -cur);
      const left = end - cur + 1;
      const fits = left >= 2 ** 32 ? 32 : 31 - Math.clz32(left);
      const size = aligned < fits ? aligned : fits;
      out.push(`${v4Text(cur)}/${32 - size}`);
      cur += 2 ** size;
    }
    return out;
  }
  let cur = lo;
  while (cur <= hi) {
    let size = 0;
    while (size < 128) {
      const span = 1n << BigInt(size + 1);
      if (cur % span !== 0n || cur + span - 1n > hi) break;
      size++;
    }
    out.push(`${addressText(family, cur)}/${128 - size}`);
    cur += 1n << BigInt(size);
    if (cur > MAX_ADDRESS[family]) break;
  }
  return out;
}

/** Sorted, disjoint address ranges without the ones given: the rest of the family. */
export function complementRanges(family: IpFamily, ranges: readonly (readonly [bigint, bigint])[]): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  let at = 0n;
  for (const [lo, hi] of ranges) {
    if (lo > at) out.push([at, lo - 1n]);
    at = hi + 1n;
  }
  if (at <= MAX_ADDRESS[family]) out.push([at, MAX_ADDRESS[family]]);
  return out;
}

/** The last position of `sorted` (ascending, starting at or below `x`) whose value is at most `x`: the piece or cell `x` falls in, when each starts at its value. */
export function pieceOf(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
