import { childName, securityGroupName, slug } from "../../lib/plans/names";
import { validateGroup } from "../../lib/model/network";
import { Placeholders } from "../../lib/plans/placeholders";
import { ValidationError } from "../../lib/model/errors";

describe("names", () => {
  test("slug keeps letters and digits joined by single hyphens", () => {
    expect(slug("  Order DB #2 ")).toBe("order-db-2");
    expect(slug("***")).toBe("");
  });

  test("childName skips empty parts and never contains the URN separator ::", () => {
    expect(childName("ops", "", "in-accept-p1-tcp:22-from-10.0.0.1/32")).toBe("ops-in-accept-p1-tcp:22-from-10.0.0.1/32");
    expect(childName("db", "in-drop-p100-tcp:5432-from-::/0")).toBe("db-in-drop-p100-tcp:5432-from-:_:/0");
    expect(childName("x", "2001:db8::1/128")).not.toBe(childName("x", "2001:db8:0:1/128"));
  });

  test.each(["shop", "9lives", "-edge-", "订单", "a"])("securityGroupName(%j) is a name the API accepts", (name) => {
    const text = securityGroupName(name, "web");
    expect(() => validateGroup({ id: "sg-x", name: text, rules: [] })).not.toThrow();
  });
});

describe("Placeholders", () => {
  test("created groups are sg-<role>; plain ids stand for themselves; deploy-time ids take their label", () => {
    const p = new Placeholders();
    const output = { later: true };
    expect(p.created("web", "args.web")).toBe("sg-web");
    expect(p.input("sg-abc", "args.a", "ignored")).toBe("sg-abc");
    expect(p.input("sg-abc", "args.b", "ignored")).toBe("sg-abc");
    expect(p.input(output, "args.c", "member-db 1")).toBe("sg-member-db-1");
    expect([...p.refs()]).toEqual([
      ["sg-abc", "sg-abc"],
      ["sg-member-db-1", output],
    ]);
  });

  test("refuses a caller's id that collides with a planned group", () => {
    const p = new Placeholders();
    p.created("db", "args");
    expect(() => p.input("sg-db", "args.sources[0].securityGroupId", "x")).toThrow(expect.objectContaining({ code: "duplicate-id", field: "args.sources[0].securityGroupId" }));
  });

  test.each([[undefined], [42], ["web"], ["123/sg-x"]])("refuses %j as a group id", (value) => {
    const p = new Placeholders();
    let error: unknown;
    try {
      p.input(value, "args.securityGroupId", "t");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: "invalid-security-group-id", field: "args.securityGroupId" });
  });
});
