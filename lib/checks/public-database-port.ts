/**
 * `public-database-port`: a database port open to every address.
 */
import { describeRule, exposureText } from "./describe";
import { worldOpenPorts } from "./exposure";
import { CheckDefinition, GroupCheck } from "./issue";

/** Reports accepted ingress rules from anywhere whose tcp/udp ports still include a database port. */
const publicDatabasePort: GroupCheck = (group, options) =>
  worldOpenPorts(group, options.databasePorts).map(({ rule, open }) => ({
    ruleIndex: rule.index,
    message: `${describeRule(rule)} opens database port ${exposureText(open)} to every address.`,
    fix: "Authorise the application tier's security group (or its vSwitch CIDR) instead, and keep a lowest-priority drop rule for the port.",
  }));

/** The `public-database-port` check. */
export const publicDatabasePortCheck: CheckDefinition<"public-database-port"> = {
  // The same Config rules, configured with the database ports as their risky `ports`.
  id: "public-database-port",
  description: "Checks that no accepted ingress rule opens a database port (MySQL, PostgreSQL, SQL Server, Oracle, Redis, MongoDB by default) to every address.",
  severity: "high",
  configRules: ["ecs-security-group-risky-ports-check-with-protocol", "sg-risky-ports-check"],
  scope: "rule",
  options: ["databasePorts"],
  group: publicDatabasePort,
};
