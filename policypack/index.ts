/**
 * The alicloud-secgroups policy pack. Copy this folder to start your organisation's pack:
 *
 *   cp -r policypack my-secgroups-pack && cd my-secgroups-pack
 *   # package.json: set "alicloud-secgroups" to the version you use, e.g. "^0.1.0"
 *   npm install
 *   pulumi preview --policy-pack .                 # try it on a stack
 *   pulumi policy publish <organisation>           # publish it to Pulumi Cloud
 *
 * Levels, options and acknowledged findings: edit the config below (awsguard style), or pass a
 * JSON file keyed by policy name with `--policy-pack-config`.
 */
import { PolicyPack } from "@pulumi/policy";
import { createPolicies } from "alicloud-secgroups/policy";

new PolicyPack("alicloud-secgroups", {
  policies: createPolicies({
    // all: "advisory",
    // publicAdminPort: "mandatory",
    // worldOpenNonWeb: { enforcementLevel: "mandatory", webPorts: [80, 443, 8443], exemptions: [{ check: "world-open-non-web", rule: "vpn-wireguard", reason: "WireGuard endpoint" }] },
    // unknownAtPreview: "mandatory",   // a preview-only CI gate: fail on rules that cannot be verified before deploy
  }),
});
