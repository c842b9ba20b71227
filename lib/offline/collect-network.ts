/**
 * Collecting the network a run registered: the resources in a stable order, read as a stack
 * (groups, rules, instances, network interfaces, launch templates, scaling configurations,
 * prefix lists) with the public and private addresses the mocks gave, and each rule's resource name.
 */
import { NetworkModel } from "../model/network";
import { ResourceSnapshot } from "../model/resource-props";
import { StackNetwork, readStack } from "../sources/stack-resources";
import { RuleOrigins } from "./capture-types";
import { privateAddressFor } from "./placeholders";
import type { CaptureRun } from "./run-state";

/** Sorts the run's resources by type, then name: registration order depends on when inputs resolve. */
export function sortResources(run: CaptureRun): void {
  run.resources.sort((a, b) => (a.type === b.type ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.type < b.type ? -1 : 1));
}

/** The security-group model of the run's resources, and each rule's resource name by group and position. */
export function collectNetwork(run: CaptureRun): { network: NetworkModel; origins: RuleOrigins; skipped: StackNetwork["skipped"] } {
  const urnOf = (type: string, name: string) => `urn:pulumi:${run.stack}::${run.project}::${type}::${name}`;
  // A group the program only reads exists already: its settings are not the program's, so it is read as outside the program.
  const snapshots: ResourceSnapshot[] = run.resources
    .filter((r) => !(r.read && r.type === "alicloud:ecs/securityGroup:SecurityGroup"))
    .map((r) => {
      const props: Record<string, unknown> = { ...r.inputs, id: r.id };
      Object.assign(props, run.publicAddresses.get(r) ?? {});
      // The instances a template or scaling configuration launches get a private address on the mocks.
      if (/LaunchTemplate|ScalingConfiguration/.test(r.type) && props.privateIp === undefined && props.privateIpAddress === undefined) props.privateIp = privateAddressFor(r.name);
      return { type: r.type, name: r.name, urn: urnOf(r.type, r.name), props };
    });
  const read = readStack(snapshots, { absentIsUnknown: false });
  const origins: RuleOrigins = new Map([...read.ruleUrns].map(([group, urns]) => [group, urns.map((u) => u.split("::").pop())]));
  return { network: read.network, origins, skipped: read.skipped };
}
