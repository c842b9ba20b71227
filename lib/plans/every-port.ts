/**
 * What the guard calls "every port": protocol `all`, or tcp/udp over 1..65535. Protocols without
 * ports (icmp, icmpv6, gre) are ordinary rules: a ping rule opens no port.
 */
import { MAX_PORT, MIN_PORT } from "../model/port-ranges";
import { RuleArgs, hasPorts, portInterval } from "../model/rule";

/** True for a rule over every port: protocol `all`, or tcp/udp over 1..65535. */
export function opensAllPorts(rule: RuleArgs): boolean {
  if (rule.ipProtocol === "all") return true;
  if (!hasPorts(rule.ipProtocol)) return false;
  const { from, to } = portInterval(rule);
  return from === MIN_PORT && to === MAX_PORT;
}
