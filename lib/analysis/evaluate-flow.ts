/**
 * `evaluateFlow`: would Alibaba Cloud's security groups let this request through?
 */
import { NetworkModel } from "../model/network";
import { compileNetwork } from "./compile-network";
import { Decision, Flow } from "./flow";

/**
 * Decides whether a request passes the security groups of a network, as Alibaba Cloud does:
 * the matching rules of all the interface's groups are pooled; the best priority (smallest
 * number, missing = 1) decides and drop wins ties; with no match the defaults decide (inbound
 * denied; outbound allowed for basic groups, denied for enterprise ones). Between two instances
 * the sender's egress and the receiver's ingress must both allow, unless they share a basic
 * group whose innerAccessPolicy is Accept, which allows everything. Only the request is judged
 * (groups are stateful). Repeated questions about one model object reuse its index
 * ({@link compileNetwork}).
 *
 * Throws {@link ValidationError} for an invalid model, an endpoint that is neither an instance
 * id nor an IP address (`flow.from`/`flow.to`), a protocol that is not tcp, udp, icmp, icmpv6 or
 * gre, a missing or out-of-range port for tcp/udp, or a port for other protocols (`flow.port`).
 *
 * @example
 * const model: NetworkModel = {
 *   groups: [
 *     { id: "sg-web", vpcId: "vpc-1", rules: [
 *       { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" },
 *       { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7" },
 *     ] },
 *     { id: "sg-db", vpcId: "vpc-1", rules: [
 *       { type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-web" },
 *       { type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 },
 *     ] },
 *   ],
 *   instances: [
 *     { id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] },
 *     { id: "i-db", privateIp: "10.0.3.10", groups: ["sg-db"] },
 *   ],
 * };
 * evaluateFlow(model, { from: "198.51.100.1", to: "i-web", protocol: "tcp", port: 443 }).allowed; // => true
 * evaluateFlow(model, { from: "198.51.100.1", to: "i-web", protocol: "tcp", port: 22 }).reason;
 * // => "tcp:22 from 198.51.100.1 to i-web is denied: no ingress rule of i-web's group sg-web
 * //     matches, so the basic default denies inbound traffic."
 * evaluateFlow(model, { from: "i-web", to: "i-db", protocol: "tcp", port: 3306 }).allowed; // => true (priority 1 accept beats priority 100 drop)
 * evaluateFlow(model, { from: "198.51.100.1", to: "i-db", protocol: "tcp", port: 3306 }).ingress?.ruleIndex; // => 1 (the drop)
 */
export function evaluateFlow(model: NetworkModel, flow: Flow): Decision {
  return compileNetwork(model).evaluate(flow);
}
