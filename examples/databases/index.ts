/**
 * One group per database engine (seed 004 case 3): each admits its engine's default port only
 * from its clients (an address, a block, a group of this account, a group of another account)
 * and drops that port from everywhere else at the lowest priority (100).
 *
 *   pulumi stack init dev
 *   pulumi config set redisClientGroupId sg-...   # the other account's group
 *   pulumi config set redisClientAccountId 1234... # and its account id
 *   pulumi up
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
// Outside this repository: import { DatabaseSecurityGroup } from "alicloud-secgroups";
import { DatabaseSecurityGroup } from "../../lib";

const config = new pulumi.Config();
const mysqlClient = config.get("mysqlClient") ?? "172.16.0.10";
const oracleClient = config.get("oracleClient") ?? "192.168.0.10";
const sqlserverClients = config.get("sqlserverClients") ?? "192.168.0.0/16";
const redisClientGroupId = config.get("redisClientGroupId") ?? "sg-bp174yoe2ib1sqj5abcd";
const redisClientAccountId = config.get("redisClientAccountId") ?? "1609982529920000";

const vpc = new alicloud.vpc.Network("data-vpc", { vpcName: "data", cidrBlock: "172.16.0.0/16" });
// The application servers' group: PostgreSQL admits its members.
const app = new alicloud.ecs.SecurityGroup("app", {
  vpcId: vpc.id,
  securityGroupName: "app",
  description: "Application servers, clients of the PostgreSQL database",
  innerAccessPolicy: "Drop",
});

const mysql = new DatabaseSecurityGroup("mysql", { vpcId: vpc.id, engine: "mysql", sources: [mysqlClient] });
const oracle = new DatabaseSecurityGroup("oracle", { vpcId: vpc.id, engine: "oracle", sources: [oracleClient] });
const sqlserver = new DatabaseSecurityGroup("sqlserver", { vpcId: vpc.id, engine: "sqlserver", sources: [sqlserverClients] });
const postgresql = new DatabaseSecurityGroup("postgresql", { vpcId: vpc.id, engine: "postgresql", sources: [{ securityGroupId: app.id, name: "app" }] });
// Another account's group: written as sourceSecurityGroupId + sourceGroupOwnerId.
const redis = new DatabaseSecurityGroup("redis", { vpcId: vpc.id, engine: "redis", sources: [{ securityGroupId: redisClientGroupId, ownerId: redisClientAccountId }] });

export const vpcId = vpc.id;
export const appGroupId = app.id;
export const databaseGroupIds = { mysql: mysql.groupId, oracle: oracle.groupId, sqlserver: sqlserver.groupId, postgresql: postgresql.groupId, redis: redis.groupId };
