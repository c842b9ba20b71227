/**
 * What a component promises, as intents (`lib/analysis/intents.ts`): who may reach what among the
 * groups it plans. Each planner declares its promises with an {@link IntentCollector}; the guard
 * proves them on the plan before anything is registered, and the stack's proof holds them again
 * over the whole program. Selectors name the plan's placeholder ids (`sg-web`), which the
 * component maps to the real groups when it registers them.
 *
 * How the forms read (SEMANTICS.md, "Intents"): an allow-intent covers the address families the
 * component's rules name (a tier open to `0.0.0.0/0` promises every public IPv4 address); a
 * deny-intent covers both families, and leaves out (`unless`) the regions the component's own
 * allow-intents cover, and, over a stack, those another component's allow-intents cover.
 */
import { Intent, IntentRegion, IntentSelector } from "../analysis/intents";
import { isAnyAddress } from "../model/ip";
import { PeerEntry } from "./entries";
import { slug } from "./names";
import { PortSpec } from "./port-spec";

/** A port entry in the intents' string form. */
export function intentPort(spec: PortSpec): string {
  if (spec.protocol === "tcp" || spec.protocol === "udp") return spec.from === spec.to ? `${spec.protocol}:${spec.from}` : `${spec.protocol}:${spec.from}-${spec.to}`;
  return spec.protocol;
}

/**
 * The selector an entry stands for: every public address of the family for a world-open block,
 * the block, or the group (by its placeholder). A prefix list has no selector: its entries are
 * not known to the plan.
 */
export function entrySelector(e: PeerEntry): IntentSelector | undefined {
  const p = e.peer;
  if (p.kind === "ipv4" || p.kind === "ipv6") {
    const block = p.block;
    if (block && isAnyAddress(block)) return p.kind === "ipv4" ? "internet-ipv4" : "internet-ipv6";
    return p.value;
  }
  if (p.kind === "security-group") return { group: p.value };
  return undefined;
}

/** A group of the plan, by its placeholder. */
export function groupSelector(placeholder: string): IntentSelector {
  return { group: placeholder };
}

/** Collects a component's intents: ids unique within it, deny-intents leaving out its own allow-intents. */
export class IntentCollector {
  private readonly intents: Intent[] = [];
  private readonly ids = new Set<string>();

  /** `ThreeTierSecurityGroups "shop"`. */
  private readonly owner: string;

  constructor(
    private readonly component: string,
    private readonly name: string,
  ) {
    this.owner = `${component} ${JSON.stringify(name)}`;
  }

  private id(what: string): string {
    const base = `${this.component}/${this.name}/${slug(what) || "intent"}`;
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}-${n}`;
    this.ids.add(id);
    return id;
  }

  /** Ends the plan cannot name (a prefix list) that an allow opened to or from a named one: a deny-intent about that end cannot leave them out. */
  private readonly unnamed: { from?: IntentSelector; to?: IntentSelector }[] = [];

  /**
   * Every flow from `from` to `to` on `ports` passes. A selector the plan cannot name (a prefix
   * list, whose entries only the cloud knows) declares nothing, and the deny-intents about the
   * other end are not declared either: they could not leave out what it opens.
   */
  allow(what: string, from: IntentSelector | undefined, to: IntentSelector | undefined, ports: readonly PortSpec[] | "*", because: string): void {
    if ((from === undefined) !== (to === undefined) && (ports === "*" || ports.length > 0)) this.unnamed.push(from === undefined ? { to } : { from });
    if (from === undefined || to === undefined || (ports !== "*" && ports.length === 0)) return;
    this.intents.push({ id: this.id(what), from, to, ports: ports === "*" ? "*" : ports.map(intentPort), expect: "allow", because, declaredBy: this.owner });
  }

  /** No flow from `from` to `to` on `ports` passes, but what this component's allow-intents cover. */
  deny(what: string, from: IntentSelector, to: IntentSelector | undefined, ports: readonly PortSpec[] | "*", because: string): void {
    if (to === undefined || (ports !== "*" && ports.length === 0)) return;
    this.intents.push({ id: this.id(what), from, to, ports: ports === "*" ? "*" : ports.map(intentPort), expect: "deny", because, declaredBy: this.owner });
  }

  /**
   * The intents, each deny-intent leaving out the regions of the allow-intents declared with it
   * (a world-open rule's region is its whole block, private addresses included, though its
   * allow-intent promises only the internet).
   */
  finish(): Intent[] {
    const block = (s: IntentSelector): IntentSelector => (s === "internet-ipv4" ? "0.0.0.0/0" : s === "internet-ipv6" ? "::/0" : s);
    const allows: IntentRegion[] = this.intents.filter((i) => i.expect === "allow").map(({ from, to, ports }) => ({ from: block(from), to: block(to), ports }));
    const same = (a: IntentSelector | undefined, b: IntentSelector) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);
    const unspeakable = (i: Intent) => i.expect === "deny" && this.unnamed.some((u) => same(u.to, i.to) || same(u.from, i.from));
    return this.intents.filter((i) => !unspeakable(i)).map((i) => (i.expect === "deny" && allows.length > 0 ? { ...i, unless: allows } : i));
  }
}
