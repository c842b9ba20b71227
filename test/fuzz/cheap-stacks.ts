/**
 * Fuzzing makes tens of thousands of errors and Pulumi registrations, and under jest each one
 * pays for a source-mapped stack trace (Pulumi takes one per promise and per resource). The
 * fuzz suites switch stack traces off while they run; failures still carry their messages and
 * fast-check's counterexample.
 */
import * as pulumi from "@pulumi/pulumi";

/** Switches stack traces off for the suite (beforeAll) and back on after it (afterAll). */
export function cheapStacksDuringSuite(): void {
  const limit = Error.stackTraceLimit;
  const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };
  const callsites = resource.callsites;
  beforeAll(() => {
    Error.stackTraceLimit = 0;
    // Pulumi raises the limit itself to record where each resource was declared; mocks ignore it.
    resource.callsites = () => [];
  });
  afterAll(() => {
    Error.stackTraceLimit = limit;
    resource.callsites = callsites;
  });
}
