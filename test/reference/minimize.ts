/**
 * Greedy minimisation of a failing network, after fast-check's own shrinking (which cannot drop
 * a group or an instance once the network's shape is chosen): remove instances, groups,
 * memberships, rules, prefix lists and entries, and optional fields, one at a time, keeping each
 * step that leaves the network valid and the failure the same, until nothing more goes.
 */
import { RefNetwork } from "./reference-evaluator";

/** Smaller variants of a network, one edit each. */
function* edits(net: RefNetwork, keepInstances: ReadonlySet<string>): Generator<RefNetwork> {
  const clone = (): RefNetwork => structuredClone(net);
  const instances = net.instances ?? [];
  // Whole objects first: instances, groups, prefix lists.
  for (let i = 0; i < instances.length; i++) {
    if (keepInstances.has(instances[i].id)) continue;
    const n = clone();
    n.instances!.splice(i, 1);
    yield n;
  }
  for (let g = 0; g < net.groups.length; g++) {
    const id = net.groups[g].id;
    if (instances.some((i) => i.groups.includes(id))) continue;
    const n = clone();
    n.groups.splice(g, 1);
    yield n;
  }
  for (let p = 0; p < (net.prefixLists ?? []).length; p++) {
    const n = clone();
    n.prefixLists!.splice(p, 1);
    if (n.prefixLists!.length === 0) delete n.prefixLists;
    yield n;
  }
  // Memberships.
  for (let i = 0; i < instances.length; i++)
    for (let k = 0; k < instances[i].groups.length && instances[i].groups.length > 1; k++) {
      const n = clone();
      n.instances![i].groups.splice(k, 1);
      yield n;
    }
  // Rules and entries.
  for (let g = 0; g < net.groups.length; g++)
    for (let r = 0; r < net.groups[g].rules.length; r++) {
      const n = clone();
      n.groups[g].rules.splice(r, 1);
      yield n;
    }
  for (let p = 0; p < (net.prefixLists ?? []).length; p++)
    for (let e = 0; e < net.prefixLists![p].cidrs.length && net.prefixLists![p].cidrs.length > 1; e++) {
      const n = clone();
      n.prefixLists![p].cidrs.splice(e, 1);
      yield n;
    }
  // Optional fields.
  for (let g = 0; g < net.groups.length; g++) {
    for (const f of ["innerAccessPolicy", "network", "vpcId", "type"] as const) {
      if (net.groups[g][f] === undefined) continue;
      const n = clone();
      delete n.groups[g][f];
      yield n;
    }
    for (let r = 0; r < net.groups[g].rules.length; r++)
      for (const f of ["priority", "policy", "nicType", "sourceGroupOwnerId", "sourceGroupOwnerAccount", "description"] as const) {
        if (net.groups[g].rules[r][f] === undefined) continue;
        const n = clone();
        delete n.groups[g].rules[r][f];
        yield n;
      }
  }
  for (let i = 0; i < instances.length; i++) {
    if (instances[i].accountId === undefined) continue;
    const n = clone();
    delete n.instances![i].accountId;
    yield n;
  }
}

/**
 * The smallest network found that still fails the same way. `fails(net)` returns a key naming
 * the failure (or undefined when the network passes); `valid(net)` says whether the library
 * accepts it. `keepInstances` are the instances the question names.
 */
export function minimiseNetwork(net: RefNetwork, fails: (n: RefNetwork) => string | undefined, valid: (n: RefNetwork) => boolean, keepInstances: ReadonlySet<string> = new Set()): RefNetwork {
  const key = fails(net);
  if (key === undefined) return net;
  let current = net;
  for (let round = 0; round < 200; round++) {
    let next: RefNetwork | undefined;
    for (const candidate of edits(current, keepInstances)) {
      let same = false;
      try {
        same = valid(candidate) && fails(candidate) === key;
      } catch {
        same = false;
      }
      if (same) {
        next = candidate;
        break;
      }
    }
    if (!next) return current;
    current = next;
  }
  return current;
}
