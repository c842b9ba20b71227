/**
 * The bulk of the fuzzing, on the pure path every component takes before registering
 * anything (planComponent: plan, then guard): 2,000 seeded runs per component.
 */
import fc from "fast-check";
import { COMPONENT_PLANNERS, ComponentName } from "../../lib/plans";
import { ARGS, componentName } from "./arbitraries";
import { cheapStacksDuringSuite } from "./cheap-stacks";
import { expectSafeOutcome } from "./oracle";

const RUNS = { seed: 20240611, numRuns: 2000 };

describe("fuzzing the planners", () => {
  cheapStacksDuringSuite();

  test.each(Object.keys(COMPONENT_PLANNERS) as ComponentName[])("%s plans a valid network closed to the Internet and clean under the checks, or refuses with a ValidationError", (component) => {
    fc.assert(
      fc.property(componentName, ARGS[component], (name, args) => {
        expectSafeOutcome(component, name, args);
      }),
      RUNS,
    );
  });
});
