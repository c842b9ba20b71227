import * as analysis from "../../lib/analysis";
import { PortSet, formatPortSet, intersectPortSets, portSetAllows, portSetFrom, subtractPortSets, unionPortSets } from "../../lib/analysis";
import * as ranges from "../../lib/model/port-ranges";

describe("port ranges", () => {
  test.each(["ALL_PORTS", "MIN_PORT", "MAX_PORT", "normalizeRanges", "unionRanges", "intersectRanges", "subtractRanges", "rangesContain"] as const)("%s is the model's own, re-exported", (name) => {
    expect(analysis[name]).toBe(ranges[name]);
  });
});

describe("port sets", () => {
  const web: PortSet = [{ protocol: "tcp", ranges: [{ from: 80, to: 80 }, { from: 443, to: 443 }] }, { protocol: "icmp" }];
  const ssh: PortSet = [{ protocol: "tcp", ranges: [{ from: 22, to: 22 }, { from: 80, to: 80 }] }, { protocol: "udp", ranges: [{ from: 53, to: 53 }] }];

  test.each<[string, PortSet, string]>([
    ["lists ports of a protocol with commas and protocols with semicolons", web, "tcp 80, 443; icmp"],
    ["writes ranges with a dash", [{ protocol: "udp", ranges: [{ from: 8000, to: 8080 }] }], "udp 8000-8080"],
    ["calls the full range all ports", [{ protocol: "tcp", ranges: [{ from: 1, to: 65535 }] }, { protocol: "gre" }], "tcp all ports; gre"],
    ["says nothing for the empty set", [], "nothing"],
  ])("formatPortSet %s", (_name, set, text) => {
    expect(formatPortSet(set)).toBe(text);
  });

  test("portSetFrom normalises ranges, drops empty protocols and keeps protocol order", () => {
    expect(portSetFrom({ gre: [{ from: 1, to: 65535 }], udp: [], tcp: [{ from: 443, to: 443 }, { from: 80, to: 81 }, { from: 82, to: 82 }] })).toEqual([{ protocol: "tcp", ranges: [{ from: 80, to: 82 }, { from: 443, to: 443 }] }, { protocol: "gre" }]);
  });
  test("union keeps protocol order and merges ports", () => {
    expect(unionPortSets(web, ssh)).toEqual([{ protocol: "tcp", ranges: [{ from: 22, to: 22 }, { from: 80, to: 80 }, { from: 443, to: 443 }] }, { protocol: "udp", ranges: [{ from: 53, to: 53 }] }, { protocol: "icmp" }]);
  });
  test("intersection keeps what both hold", () => {
    expect(intersectPortSets(web, ssh)).toEqual([{ protocol: "tcp", ranges: [{ from: 80, to: 80 }] }]);
  });
  test("difference removes ports and whole portless protocols", () => {
    expect(subtractPortSets(web, [{ protocol: "tcp", ranges: [{ from: 80, to: 80 }] }, { protocol: "icmp" }])).toEqual([{ protocol: "tcp", ranges: [{ from: 443, to: 443 }] }]);
  });
  test.each<[string, Parameters<typeof portSetAllows>[1], number | undefined, boolean]>([
    ["a listed port", "tcp", 443, true],
    ["an unlisted port", "tcp", 22, false],
    ["a portless protocol", "icmp", undefined, true],
    ["an absent protocol", "udp", 53, false],
  ])("portSetAllows %s", (_name, protocol, port, allowed) => {
    expect(portSetAllows(web, protocol, port)).toBe(allowed);
  });
});
