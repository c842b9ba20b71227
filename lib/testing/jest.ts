/**
 * `import "alicloud-secgroups/jest"` (in a test file or in jest's `setupFilesAfterEach`):
 * registers the matchers and types them for both `expect`s, the global one (`@types/jest`) and
 * the one of `import { expect } from "@jest/globals"` (jest 29 and 30, whose `expect` package
 * declares the `Matchers` interface augmented here).
 */
import type {} from "expect";
import type { Flow, Intent, IntentArgs } from "../analysis";
import type { CheckId } from "../checks/finding";
import { FindingFilter, FindingMatcherOptions, NoFindingsOptions, matchers } from "./matchers";

declare module "expect" {
  interface Matchers<R extends void | Promise<void>, T = unknown> {
    /** The network has no least-privilege findings (acknowledged ones aside). */
    toHaveNoFindings(options?: NoFindingsOptions): R;
    /** The network has a finding of this check. */
    toHaveFinding(check: CheckId, filter?: FindingFilter, options?: FindingMatcherOptions): R;
    /** The network allows this flow. */
    toAllow(flow: Flow): R;
    /** The network denies this flow. */
    toDeny(flow: Flow): R;
    /** Every intent is proven: the stack's own (a captured network), or these (a list, or an intents file's path). */
    toSatisfyIntents(intents?: readonly (Intent | IntentArgs)[] | string): R;
  }
}

type Extendable = { extend(m: Record<string, unknown>): void };

function jestExpect(): Extendable | undefined {
  const global = (globalThis as { expect?: Extendable }).expect;
  if (global && typeof global.extend === "function") return global;
  try {
    // Under `injectGlobals: false` only @jest/globals holds expect (and only inside a test run).
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return (require("@jest/globals") as { expect: Extendable }).expect;
  } catch {
    return undefined;
  }
}

jestExpect()?.extend(matchers as unknown as Record<string, unknown>);

export { matchers };
