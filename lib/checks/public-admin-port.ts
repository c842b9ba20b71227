/**
 * `public-admin-port`: SSH, RDP (or any configured admin port) open to every address.
 */
import { describeRule, exposureText } from "./describe";
import { worldOpenPorts } from "./exposure";
import { GroupCheck } from "./issue";

/** Reports accepted ingress rules from anywhere whose tcp/udp ports still include an admin port. */
export const publicAdminPort: GroupCheck = (group, options) =>
  worldOpenPorts(group, options.adminPorts).map(({ rule, open }) => ({
    ruleIndex: rule.index,
    message: `${describeRule(rule)} opens admin port ${exposureText(open)} to every address.`,
    fix: "Authorise only the addresses that administer the instance (an office /32, a bastion's security group, or Workbench 161.117.0.0/16 and 100.104.0.0/16), or deny the port from anywhere with a drop rule of better or equal priority.",
  }));
