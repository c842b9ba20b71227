/**
 * Seeds of the property tests. Fixed by default, so every run checks the same cases; set
 * `SECGROUPS_FUZZ_SEED=random` (or a number) to explore new ones. The seed in use is printed
 * whenever it is not the fixed one, so a failure can be replayed with that number;
 * `SECGROUPS_FUZZ_RUNS=10` runs ten times as many cases.
 */
const printed = new Set<string>();

/** How many times the default number of cases to run: `SECGROUPS_FUZZ_RUNS=<factor>` (1 when unset). */
export function fuzzFactor(): number {
  const factor = Number(process.env.SECGROUPS_FUZZ_RUNS ?? "1");
  if (!Number.isFinite(factor) || factor <= 0) throw new Error(`SECGROUPS_FUZZ_RUNS must be a positive number, got ${JSON.stringify(process.env.SECGROUPS_FUZZ_RUNS)}`);
  return factor;
}

/**
 * fast-check parameters: `numRuns` runs (times {@link fuzzFactor}) from the fixed `seed`, or from
 * the one the environment names.
 */
export function fuzzRuns(seed: number, defaultRuns: number, label = "fuzz"): { seed: number; numRuns: number } {
  const numRuns = Math.max(1, Math.round(defaultRuns * fuzzFactor()));
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
