/**
 * Placeholder group ids. A plan is made before any group exists and while the caller's ids
 * may still be unknown (`Output`s), so every group gets a stable stand-in id: `sg-<role>` for a
 * group the component creates, the id itself for a plain `sg-…` string, and `sg-<label>` for an
 * id known only at deploy time. Rule keys, and so child names, are built from these; the
 * component maps each placeholder back to the real id when it emits the rules.
 */
import { Peer } from "../model/peer";
import { at, refuse } from "./fields";
import { slug } from "./names";

/** A caller's group id: a plain `sg-…` string, or a value known only at deploy time (a Pulumi `Output` or promise). */
export type GroupIdRef = string | object;

/** Where a placeholder came from. */
export interface PlaceholderOrigin {
  /** `created`: the component makes the group; `input`: the caller passed its id. */
  kind: "created" | "input";
  /** The argument that named it, e.g. `args.members[1].securityGroupId`. */
  field: string;
  /** The caller's value, for `input` placeholders. @default none (created groups) */
  value?: GroupIdRef;
}

/** Hands out placeholder ids and remembers what each stands for. */
export class Placeholders {
  private readonly origins = new Map<string, PlaceholderOrigin>();
  private readonly literals = new Map<string, string>();

  /** The placeholder of a group the component creates: `sg-<role>`. */
  created(role: string, field: string): string {
    const id = `sg-${slug(role)}`;
    this.claim(id, { kind: "created", field });
    return id;
  }

  /**
   * The placeholder of a group id the caller passed: the id itself when it is a plain string
   * (validated), else `sg-<label>` (the label must be unique, e.g. the member's name).
   */
  input(value: unknown, field: string, label: string): string {
    if (typeof value === "string") {
      const id = at(field, () => Peer.securityGroup(value).value);
      const seen = this.literals.get(id);
      if (seen !== undefined) return seen;
      this.claim(id, { kind: "input", field, value });
      this.literals.set(id, id);
      return id;
    }
    if (value === undefined || value === null || value === "") {
      return refuse("invalid-security-group-id", field, value, "is missing", `Pass the group's id: an "sg-…" string or the id output of a security group resource.`);
    }
    if (typeof value !== "object") {
      return refuse("invalid-security-group-id", field, value, "is not a security group id", `Pass the group's id: an "sg-…" string or the id output of a security group resource.`);
    }
    const s = slug(label);
    const id = `sg-${s === "" ? "x" : s}`;
    this.claim(id, { kind: "input", field, value: value as GroupIdRef });
    return id;
  }

  /** Placeholder → where it came from, in the order handed out. */
  get all(): ReadonlyMap<string, PlaceholderOrigin> {
    return this.origins;
  }

  /** Placeholder → the caller's value, for every `input` placeholder. */
  refs(): Map<string, GroupIdRef> {
    const out = new Map<string, GroupIdRef>();
    for (const [id, o] of this.origins) if (o.kind === "input" && o.value !== undefined) out.set(id, o.value);
    return out;
  }

  private claim(id: string, origin: PlaceholderOrigin): void {
    const prior = this.origins.get(id);
    if (prior) {
      refuse("duplicate-id", origin.field, id, `would stand for the same group id as ${prior.field}`, "Give each group its own id or name; two different groups cannot share one.");
    }
    this.origins.set(id, origin);
  }
}
