/**
 * Answering the program's data-source calls on the mocks, in order: the caller's `onCall`, the
 * answers file, `@pulumi/std` functions evaluated for real, then (with placeholders) the
 * documented placeholder or an empty result. Without placeholders an unanswered call is
 * refused, and a failed std function fails the run; either way the call never settles, so what
 * waits on it stays pending and is listed.
 */
import * as pulumi from "@pulumi/pulumi";
import { dataSourceAnswer } from "./answers";
import { errorText, refusedMessage } from "./capture-error";
import { emptyResult, placeholderResult } from "./data-sources";
import type { CaptureRun } from "./run-state";
import { invokeSchema } from "./schema";
import { StdFunctionError, evaluateStdFunction, isEvaluatedStdFunction, stdFunctionName } from "./std-functions";
import { collectStrings, containsAny, containsWhich } from "./value-search";

/** A promise that never settles (a failed value everything downstream waits on, forever). */
export function never(): Promise<never> {
  return new Promise<never>(() => undefined);
}

/** The mocks' `call`: answers one data-source call. */
export function answerCall(run: CaptureRun, args: pulumi.runtime.MockCallArgs): Record<string, unknown> | Promise<Record<string, unknown>> {
  const { options } = run;
  run.progress++;
  run.calls.push(args.token);
  const inputs = args.inputs as Record<string, unknown>;
  const given = options.onCall?.(args.token, inputs);
  if (given !== undefined) return given;
  const answered = dataSourceAnswer(options.answers, args.token, inputs);
  if (answered !== undefined) {
    run.dataAnswers.push({ kind: "data-source", subject: args.token, from: "answers", value: answered });
    return answered;
  }
  const std = stdFunctionName(args.token);
  if (std !== undefined && !isEvaluatedStdFunction(std)) {
    // A std function this plan does not evaluate: an empty result, listed as assumed.
    const result = emptyResult(invokeSchema(args.token, run.searchDirs));
    run.dataAnswers.push({ kind: "data-source", subject: args.token, from: "empty", value: result });
    return result;
  }
  if (std !== undefined) {
    try {
      const result = evaluateStdFunction(std, inputs, run.programDir);
      taintResult(run, inputs, result.result);
      return result;
    } catch (e) {
      const reason = e instanceof StdFunctionError ? e.message : errorText(e);
      run.fail("data-source-failed", `data source ${args.token} (std.${std}) failed: ${reason}`);
      run.refused.push(args.token);
      return never();
    }
  }
  if (!options.placeholders) {
    run.refused.push(args.token);
    run.fail("data-source-failed", refusedMessage([args.token]));
    return never();
  }
  const placeholder = placeholderResult(args.token, inputs, { region: run.region });
  const result = placeholder ?? emptyResult(invokeSchema(args.token, run.searchDirs));
  run.dataAnswers.push({ kind: "data-source", subject: args.token, from: placeholder ? "placeholder" : "empty", value: result });
  collectStrings(result, run.taintedStrings);
  return result;
}

/** A std result computed from an assumed value is assumed too; from an opaque resource's output, it depends on that resource. */
function taintResult(run: CaptureRun, inputs: Record<string, unknown>, result: unknown): void {
  const strings = typeof result === "string" ? [result] : Array.isArray(result) ? result.filter((r): r is string => typeof r === "string") : [];
  if (strings.length === 0) return;
  const hit = containsAny(inputs, [...run.taintedStrings, ...run.assumedOutputs.keys()]);
  if (hit !== undefined) for (const s of strings) run.taintedStrings.add(s);
  if (run.opaqueValues.size === 0) return;
  const from = [...containsWhich(inputs, [...run.opaqueValues.keys()])];
  if (from.length === 0) return;
  for (const s of strings) if (s.length >= 6 && !run.opaqueValues.has(s)) run.opaqueValues.set(s, run.opaqueValues.get(from[0]) as string);
}
