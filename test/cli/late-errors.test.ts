import { EventEmitter } from "events";
import { RejectionSource, catchingLateErrors } from "../../lib/cli/late-errors";

describe("catchingLateErrors", () => {
  const source = (): EventEmitter & RejectionSource => new EventEmitter() as EventEmitter & RejectionSource;

  test("returns the result when nothing was left unhandled", async () => {
    const emitter = source();
    await expect(catchingLateErrors(async () => 42, emitter)).resolves.toBe(42);
    expect(emitter.listenerCount("unhandledRejection")).toBe(0);
  });

  test("rejects with the first rejection left unhandled while the program ran", async () => {
    const emitter = source();
    const run = catchingLateErrors(async () => {
      emitter.emit("unhandledRejection", new Error("thrown inside an apply"));
      emitter.emit("unhandledRejection", new Error("second"));
      return "report";
    }, emitter);
    await expect(run).rejects.toThrow("thrown inside an apply");
    expect(emitter.listenerCount("unhandledRejection")).toBe(0);
  });

  test("catches a rejection reported one turn after the program settled", async () => {
    const emitter = source();
    const run = catchingLateErrors(async () => {
      setImmediate(() => emitter.emit("unhandledRejection", "late"));
      return "report";
    }, emitter);
    await expect(run).rejects.toBe("late");
  });

  test("passes the program's own error through", async () => {
    await expect(catchingLateErrors(async () => Promise.reject(new Error("boom")), source())).rejects.toThrow("boom");
  });
});
