/**
 * Acknowledging a finding in code, next to the resource it is about, in the manner of
 * cdk-nag's `NagSuppressions.addResourceSuppressions`: on a rule resource, or on a component
 * (every rule it creates). The plan command and the jest matchers (through
 * `testing.captureStack` / `captureNetwork`) show such findings as acknowledged with the reason.
 * The policy pack runs in the engine's process, where code acknowledgements cannot reach:
 * give it the same entries as the `exemptions` of its configuration.
 */
import * as pulumi from "@pulumi/pulumi";
import { CHECK_IDS, CheckId } from "../checks/finding";
import { validateExemptions } from "../model/exemptions";

/** One acknowledgement made in code: the resource, by type and name, and what it accepts. */
export interface CodeAcknowledgement {
  /** Type token of the acknowledged resource (a rule, or a component). */
  readonly type: string;
  /** Its logical name. */
  readonly name: string;
  /** The check accepted. */
  readonly check: CheckId;
  /** Why. */
  readonly reason: string;
}

// Kept on the global object: the program may load another copy of this library than the one
// capturing it (its own node_modules, or a fresh module registry in tests).
const KEY = Symbol.for("alicloud-secgroups.code-acknowledgements");
const holder = globalThis as { [KEY]?: CodeAcknowledgement[] };
const recorded: CodeAcknowledgement[] = (holder[KEY] ??= []);

/** The type and name in a URN (`urn:pulumi:stack::project::parent$type::name`). */
export function urnParts(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const name = parts.slice(3).join("::");
  const type = (parts[2] ?? "").split("$").pop() as string;
  return { type, name };
}

/**
 * Acknowledges findings of `check` on a rule resource, or on every rule a component creates,
 * with a reason shown wherever the finding is shown. Throws {@link ValidationError}
 * (`invalid-exemption`) for an unknown check, a missing reason, or `invalid-rule` (a rule the
 * API refuses is never acknowledged).
 *
 * @example
 * const wg = new alicloud.ecs.SecurityGroupRule("vpn-wireguard", { ... udp 51820 from 0.0.0.0/0 ... });
 * acknowledge(wg, "world-open-non-web", "WireGuard endpoint: open to every client by design");
 */
export function acknowledge(resource: pulumi.Resource, check: CheckId, reason: string): void {
  const [entry] = validateExemptions([{ check, rule: "code", reason }], "acknowledge()", { knownChecks: CHECK_IDS });
  resource.urn.apply((urn) => {
    if (typeof urn !== "string" || urn === "") return;
    const { type, name } = urnParts(urn);
    recorded.push({ type, name, check, reason: entry.reason });
  });
}

/** Every acknowledgement recorded so far in this process (the capture reads and clears them). */
export function codeAcknowledgements(): readonly CodeAcknowledgement[] {
  return [...recorded];
}

/** Forgets the recorded acknowledgements; a capture does this before it runs a program. */
export function clearCodeAcknowledgements(): void {
  recorded.length = 0;
}
