/**
 * Installing the run's mocks in the Pulumi runtime: `newResource` registers each resource
 * (lib/offline/mock-resources.ts), `call` answers each data source (lib/offline/mock-calls.ts).
 * The mocks are global to the process: one run at a time.
 */
import * as pulumi from "@pulumi/pulumi";
import { answerCall } from "./mock-calls";
import { registerOnMocks } from "./mock-resources";
import type { CaptureRun } from "./run-state";

/** Sets the runtime's mocks for `run` (a preview when the run asks for one). */
export async function installMocks(run: CaptureRun): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args: pulumi.runtime.MockResourceArgs) => registerOnMocks(run, args),
      call: (args: pulumi.runtime.MockCallArgs) => answerCall(run, args),
    },
    run.project,
    run.stack,
    run.options.preview ?? false,
  );
}
