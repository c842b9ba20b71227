/** The jest run mutation testing uses (stryker.config.json): the project's jest config, limited to
 * the test folders that exercise the code being mutated. scripts/mutate.ts chooses them per floor
 * and passes them in SECGROUPS_MUTATION_TESTS (comma-separated, relative to the repository). */
const base = require("./jest.config.js");

const roots = (process.env.SECGROUPS_MUTATION_TESTS || "test/checks,test/review")
  .split(",")
  .map((r) => r.trim())
  .filter((r) => r !== "");

module.exports = {
  ...base,
  roots: roots.map((r) => `<rootDir>/${r}`),
  // Stryker runs jest in its own workers, one test file after another.
  maxWorkers: 1,
};
