/**
 * The alicloud-secgroups policy pack. Run it with
 * `pulumi preview --policy-pack <path to this folder>`.
 *
 * Levels and options: edit the config below (awsguard style), or pass a JSON file keyed by
 * policy name with `--policy-pack-config`. A copy of this pack outside the repository would
 * import from "alicloud-secgroups" instead of the source tree.
 */
import { PolicyPack } from "@pulumi/policy";
import { createPolicies } from "../lib/policy";

new PolicyPack("alicloud-secgroups", {
  policies: createPolicies({
    // all: "advisory",
    // publicAdminPort: "mandatory",
    // worldOpenNonWeb: { enforcementLevel: "mandatory", webPorts: [80, 443, 8443] },
  }),
});
