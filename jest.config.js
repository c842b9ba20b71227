/** Jest runs TypeScript through ts-jest in transpile-only mode (tsconfig sets
 * isolatedModules); `npm run typecheck` type-checks once, outside the test run. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Source maps on (tsconfig.json keeps them off for the package): stack traces and coverage name the TypeScript lines.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: { sourceMap: true } }] },
  moduleFileExtensions: ["ts", "js", "json"],
  // The plugin folder imports the library by its package name, as it does once installed.
  moduleNameMapper: { "^alicloud-secgroups$": "<rootDir>/lib/index.ts", "^alicloud-secgroups/jest$": "<rootDir>/lib/testing/jest.ts", "^alicloud-secgroups/(.*)$": "<rootDir>/lib/$1" },
  testTimeout: 60000,
  // Both cores: jest's default (cores - 1) runs the suite on one worker on a 2-core machine.
  maxWorkers: 2,
};
