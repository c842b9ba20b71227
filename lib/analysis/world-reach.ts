/**
 * Whether every address of a family reaches a port through one side: the judge asked at that
 * port about every address cell. Exposure through several blocks is exposure all the same:
 * `0.0.0.0/1` and `128.0.0.0/1` together open a port to the whole Internet as surely as
 * `0.0.0.0/0`, though no single rule says so.
 */
import { IpFamily } from "../model/ip";
import { addressCells, cellPoint } from "./cells";
import { FlowProtocol } from "./flow";
import { Decider, judgeAt } from "./judge";
import { CompiledRule } from "./rule-index";

/**
 * True when the side's rules (in decision order, read as in a VPC: one rule for every peer)
 * let every address of `family` reach `port` over `protocol`. Addresses between two block edges
 * match the same rules, so one address per cell decides for all of it.
 */
export function everyAddressReaches(rules: readonly CompiledRule[], fallback: Decider, family: IpFamily, protocol: FlowProtocol, port: number): boolean {
  for (const cell of addressCells([rules], false, [family])) {
    const point = cellPoint(cell);
    if (!judgeAt(rules, protocol, port, point, fallback).allowed) return false;
  }
  return true;
}
