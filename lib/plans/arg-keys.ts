/**
 * The argument names of every component, per object, in one place (each list lives beside its
 * component's arguments, written over the interface's keys so that the compiler keeps it honest).
 */
export { THREE_TIER_KEYS, WEB_TIER_KEYS, APP_TIER_KEYS, DB_TIER_KEYS, ADMIN_KEYS } from "./three-tier/args";
export { DATABASE_KEYS, GROUP_SOURCE_KEYS } from "./database/args";
export { INTERCONNECT_KEYS, MEMBER_KEYS } from "./interconnect/args";
export { WORKBENCH_KEYS, WORKBENCH_CIDR_KEYS } from "./workbench/args";
export { WHITELIST_KEYS, DESTINATION_KEYS } from "./outbound-whitelist/args";
