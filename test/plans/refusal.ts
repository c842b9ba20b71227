/** The code, field and message of the ValidationError a call throws, or undefined when it plans. */
import { ValidationError } from "../../lib/model/errors";

export function refusal(fn: () => unknown): { code: string; field: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { code: e.code, field: e.field, message: e.message };
  }
  return undefined;
}
