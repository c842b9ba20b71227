import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Fresh directories under the system's temporary folder for one test file, all removed when
 * that file's tests end (jest loads this module once per test file, so each file has its own list).
 */
const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory named from `prefix`, removed after the test file's last test. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
