/**
 * The jest run mutation testing uses (stryker.config.json): the project's jest config, limited to
 * the tests that exercise the code being mutated, so that each mutant costs seconds.
 * scripts/mutate.ts chooses the test folders per floor and passes them in
 * SECGROUPS_MUTATION_TESTS (comma-separated folders relative to the repository). Left out: the
 * property tests and the end-to-end tests of the README and the CLI (slow, and run by `npm test`).
 */
const base = require("./jest.config.js");

const folders = (process.env.SECGROUPS_MUTATION_TESTS || "test/checks,test/review")
  .split(",")
  .map((r) => r.trim().replace(/\/+$/, ""))
  .filter((r) => r !== "");

module.exports = {
  ...base,
  roots: ["<rootDir>/test"],
  testMatch: folders.map((f) => `<rootDir>/${f}/**/*.test.ts`),
  testPathIgnorePatterns: ["/node_modules/", "\\.property\\.test\\.ts$", "/test/checks/properties\\.test\\.ts$", "/readme-[^/]*\\.test\\.ts$", "/adopt[^/]*\\.test\\.ts$", "/advice\\.test\\.ts$", "/deployed-estates\\.test\\.ts$"],
  // Stryker runs jest in its own workers, one test file after another.
  maxWorkers: 1,
};
