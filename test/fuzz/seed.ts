/**
 * Seeds of the property tests. Fixed by default, so every run checks the same cases; set
 * `SECGROUPS_FUZZ_SEED=random` (or a number) to explore new ones. The seed in use is printed
 * whenever it is not the fixed one, so a failure can be replayed with that number.
 */
const printed = new Set<string>();

/** fast-check parameters: `numRuns` runs from the fixed `seed`, or from the one the environment names. */
export function fuzzRuns(seed: number, numRuns: number, label = "fuzz"): { seed: number; numRuns: number } {
  const env = process.env.SECGROUPS_FUZZ_SEED;
  if (env === undefined || env === "") return { seed, numRuns };
  const chosen = env === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(env);
  if (!Number.isInteger(chosen)) throw new Error(`SECGROUPS_FUZZ_SEED must be "random" or a whole number, got ${JSON.stringify(env)}`);
  const key = `${label}:${chosen}`;
  if (!printed.has(key)) {
    printed.add(key);
    process.stderr.write(`${label}: SECGROUPS_FUZZ_SEED=${chosen}\n`);
  }
  return { seed: chosen, numRuns };
}
