/**
 * `public-database-port`: a database port open to every address.
 */
import { describeRule, exposureText } from "./describe";
import { worldOpenPorts } from "./exposure";
import { GroupCheck } from "./issue";

/** Reports accepted ingress rules from anywhere whose tcp/udp ports still include a database port. */
export const publicDatabasePort: GroupCheck = (group, options) =>
  worldOpenPorts(group, options.databasePorts).map(({ rule, open }) => ({
    ruleIndex: rule.index,
    message: `${describeRule(rule)} opens database port ${exposureText(open)} to every address.`,
    fix: "Authorise the application tier's security group (or its vSwitch CIDR) instead, and keep a lowest-priority drop rule for the port.",
  }));
