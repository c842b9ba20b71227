/**
 * Where a program constructed a resource: the first frame of a stack that is the program's own
 * code, outside this package (its `lib/` or `dist/`) and outside `@pulumi/*`. Stacks are read
 * as Node formats them, so under ts-node (and jest) a TypeScript file's frames carry its own
 * lines, source-mapped. The file is written relative to the program's directory, `/`-separated.
 */
import * as path from "path";
import { fileURLToPath } from "url";
import { SourceLocation } from "./capture-types";

/** This package's own code (`lib/` under ts-node, `dist/` once built): its frames are never the program's. */
const LIBRARY_DIR = path.resolve(__dirname, "..");

/** One frame as the Pulumi SDK records it at registration (`Resource.stackTrace`): a file URL, line, column. */
export interface StackFrame {
  uri: string;
  line: number;
  column: number;
}

/** The file a stack frame names (a `file:` URL or an absolute path), or `undefined`. */
export function fileOf(uri: string): string | undefined {
  if (uri.startsWith("file:")) {
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }
  return path.isAbsolute(uri) ? uri : undefined;
}

/** True for a file of this package or of a `@pulumi/*` package, whose frames are not the program's. */
function isLibraryFile(file: string): boolean {
  return file === LIBRARY_DIR || file.startsWith(LIBRARY_DIR + path.sep) || /[\\/]node_modules[\\/]@pulumi[\\/]/.test(file);
}

/** The location of `file` at `line:column`, relative to `dir`, `/`-separated. */
function locate(file: string, line: number, column: number, dir: string): SourceLocation | undefined {
  if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || column < 1) return undefined;
  const rel = path.relative(dir, file);
  if (rel === "" || path.isAbsolute(rel)) return undefined;
  return { uri: rel.split(path.sep).join("/"), line, column };
}

/** The first frame of the program's own code among the SDK's frames, or `undefined`. */
export function locationFromFrames(frames: readonly (StackFrame | undefined)[], dir: string): SourceLocation | undefined {
  for (const frame of frames) {
    if (!frame || typeof frame.uri !== "string") continue;
    const file = fileOf(frame.uri);
    if (file === undefined || isLibraryFile(file)) continue;
    return locate(file, frame.line, frame.column, dir);
  }
  return undefined;
}

/** The frames of a formatted stack (`at f (file:line:column)` lines after the message), in order: each frame's file as written, its line and column. */
export function* stackFrames(stack: string | undefined): Generator<{ where: string; line: number; column: number }> {
  if (!stack) return;
  for (const line of stack.split("\n").slice(1)) {
    const m = /^at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/.exec(line.trim());
    if (m) yield { where: m[1], line: Number(m[2]), column: Number(m[3]) };
  }
}

/** The first frame of the program's own code in a formatted stack (`at f (file:line:column)`), or `undefined`. */
export function locationFromStack(stack: string | undefined, dir: string): SourceLocation | undefined {
  for (const frame of stackFrames(stack)) {
    const file = fileOf(frame.where);
    if (file === undefined || isLibraryFile(file)) continue;
    return locate(file, frame.line, frame.column, dir);
  }
  return undefined;
}
