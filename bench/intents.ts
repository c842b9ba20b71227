/**
 * Intents over a stack the components made: `layouts` three-tier layouts (restricted egress, an
 * administrator's address, a distinct engine per layout), planned as the components plan them,
 * their placeholders mapped to real ids, one instance per group, and five intents per group: the
 * components' own promises (each deny-intent leaving out the others' allow-intents, as the stack's
 * proof reads them) and the user's. Pure: no Pulumi, no randomness.
 */
import { Intent, IntentSelector, NetworkModel } from "../lib";
import { GroupModel, InstanceModel } from "../lib/model/network";
import { DATABASE_PORTS, DatabaseEngine } from "../lib/model/services";
import { planComponent } from "../lib/plans/component-plan";

const ENGINES = Object.keys(DATABASE_PORTS) as DatabaseEngine[];

/** A stack of `layouts` three-tier layouts (3 groups each) and its intents, five per group. */
export function intentsStack(layouts: number): { model: NetworkModel; intents: Intent[] } {
  const groups: GroupModel[] = [];
  const instances: InstanceModel[] = [];
  const intents: Intent[] = [];
  for (let i = 0; i < layouts; i++) {
    const engine = ENGINES[i % ENGINES.length];
    const admin = `203.0.${113 + Math.floor(i / 250)}.${(i % 250) + 1}`;
    const plan = planComponent("ThreeTierSecurityGroups", `t${i}`, { vpcId: "vpc-1", egress: "restricted", db: { engine }, admin: { sources: [admin] } });
    const real = (id: string) => (plan.groups.some((g) => g.model.id === id) ? `sg-t${i}-${id.slice(3)}` : id);
    const map = (s: IntentSelector): IntentSelector => (typeof s === "object" && "group" in s ? { group: real(s.group) } : s);
    plan.groups.forEach((g, k) => {
      groups.push({ ...g.model, id: real(g.model.id), rules: g.model.rules.map((r) => (r.sourceSecurityGroupId ? { ...r, sourceSecurityGroupId: real(r.sourceSecurityGroupId) } : r)) });
      const n = i * 3 + k;
      instances.push({ id: `i-t${i}-${g.label}`, privateIp: `10.${1 + Math.floor(n / 62500)}.${Math.floor((n % 62500) / 250)}.${(n % 250) + 1}`, groups: [real(g.model.id)] });
    });
    for (const intent of plan.intents ?? []) {
      const out: Intent = { ...intent, from: map(intent.from), to: map(intent.to) };
      if (intent.unless) out.unless = intent.unless.map((u) => ({ ...u, from: map(u.from), to: map(u.to) }));
      intents.push(out);
    }
    // The user's: the database port is never on the internet, the web tier serves HTTPS to every IPv4 address, the app tier never sends mail.
    intents.push(
      { id: `t${i}/no-internet-to-db`, from: "internet", to: { group: `sg-t${i}-db` }, ports: [`tcp:${DATABASE_PORTS[engine]}`], expect: "deny" },
      { id: `t${i}/https`, from: "internet-ipv4", to: { group: `sg-t${i}-web` }, ports: ["tcp:443"], expect: "allow" },
      { id: `t${i}/no-mail`, from: { group: `sg-t${i}-app` }, to: "anywhere", ports: ["tcp:25"], expect: "deny" },
    );
  }
  return { model: { groups, instances }, intents };
}

/** One intent the stack breaks: the web tier of the last layout is on the internet, on HTTP too. */
export function brokenIntent(layouts: number): Intent {
  return { id: "no-plain-http", from: "internet", to: { group: `sg-t${layouts - 1}-web` }, ports: ["tcp:80"], expect: "deny" };
}
