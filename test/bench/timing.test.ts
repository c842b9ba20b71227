import { compareWith, figures, line } from "../../bench/timing";

describe("bench --compare: each figure beside the saved run's same figure", () => {
  afterEach(() => {
    compareWith(undefined);
    figures.length = 0;
  });

  test("an indented figure that several benchmarks print is matched under the figure it belongs to", () => {
    compareWith([
      { label: "audit 2000 groups", value: "20.65 s", target: "< 5 s", ok: false },
      { label: "  peak RSS, whole process", value: "1566 MB", target: "< 2048 MB", ok: true },
      { label: "diff 2000 groups", value: "6.53 s", target: "< 5 s", ok: false },
      { label: "  peak RSS, whole process", value: "733 MB", target: "< 2048 MB", ok: true },
    ]);
    // This run prints the diff alone: its peak RSS is the diff's, not the first one saved.
    expect(line("diff 2000 groups", "4.74 s", "< 5 s", true)).toMatch(/was 6\.53 s\s+0\.73x the saved run/);
    expect(line("  peak RSS, whole process", "747 MB", "< 2048 MB", true)).toMatch(/was 733 MB\s+1\.02x the saved run/);
    expect(line("audit 2000 groups", "17.30 s", "< 5 s", false)).toMatch(/was 20\.65 s/);
    expect(line("  peak RSS, whole process", "2098 MB", "< 2048 MB", false)).toMatch(/was 1566 MB\s+1\.34x/);
    // A figure the saved run does not have prints alone.
    expect(line("checkNetwork 100k", "1924.5 ms", "< 1000 ms", false)).not.toMatch(/was/);
  });
});
