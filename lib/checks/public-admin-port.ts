/**
 * `public-admin-port`: SSH, RDP (or any configured admin port) open to every address.
 */
import { WORKBENCH_CIDRS } from "../model/services";
import { describeRule, exposureText } from "./describe";
import { worldOpenPorts } from "./exposure";
import { CheckDefinition, GroupCheck } from "./issue";

/** Reports accepted ingress rules from anywhere whose tcp/udp ports still include an admin port. */
const publicAdminPort: GroupCheck = (group, options) =>
  worldOpenPorts(group, options.adminPorts).map(({ rule, open }) => ({
    ruleIndex: rule.index,
    message: `${describeRule(rule)} opens admin port ${exposureText(open)} to every address.`,
    fix: `Authorise only the addresses that administer the instance (an office /32, a bastion's security group, or Workbench ${WORKBENCH_CIDRS.public} and ${WORKBENCH_CIDRS.private}), or deny the port from anywhere with a drop rule of better or equal priority.`,
  }));

/** The `public-admin-port` check. */
export const publicAdminPortCheck: CheckDefinition<"public-admin-port"> = {
  // sg-risky-ports-check flags 0.0.0.0/0 rules covering its `ports` (default 22,3389: our admin
  // ports); the -with-protocol variant also takes the protocol, as this check does (tcp, udp, all).
  id: "public-admin-port",
  description: "Checks that no accepted ingress rule opens an admin port (SSH 22 and RDP 3389 by default) to every address (0.0.0.0/0 or ::/0).",
  severity: "high",
  configRules: ["sg-risky-ports-check", "ecs-security-group-risky-ports-check-with-protocol"],
  scope: "rule",
  options: ["adminPorts"],
  group: publicAdminPort,
};
