import { ValidationError } from "../../lib/model/errors";
import { dataSourceAnswer, outputAnswer, validateAnswers } from "../../lib/offline/answers";

describe("answers files", () => {
  const answers = validateAnswers({
    datasources: {
      "alicloud:index/getZones:getZones": { ids: ["cn-shanghai-b"] },
      "alicloud:vpc/getNetworks:getNetworks": [
        { args: { nameRegex: "^prod$" }, result: { ids: ["vpc-prod"] } },
        { result: { ids: ["vpc-other"] } },
      ],
    },
    outputs: { "alicloud:ecs/eipAddress:EipAddress.ipAddress": "198.51.100.20" },
  });

  test("answer a token for every call, or per arguments with the first matching entry", () => {
    expect(dataSourceAnswer(answers, "alicloud:index/getZones:getZones", { anything: 1 })).toEqual({ ids: ["cn-shanghai-b"] });
    expect(dataSourceAnswer(answers, "alicloud:vpc/getNetworks:getNetworks", { nameRegex: "^prod$", status: "Available" })).toEqual({ ids: ["vpc-prod"] });
    expect(dataSourceAnswer(answers, "alicloud:vpc/getNetworks:getNetworks", { nameRegex: "^dev$" })).toEqual({ ids: ["vpc-other"] });
    expect(dataSourceAnswer(answers, "alicloud:ecs/getImages:getImages", {})).toBeUndefined();
  });

  test("answer computed outputs by resource type and property", () => {
    expect(outputAnswer(answers, "alicloud:ecs/eipAddress:EipAddress", "ipAddress")).toEqual({ value: "198.51.100.20" });
    expect(outputAnswer(answers, "alicloud:ecs/eipAddress:EipAddress", "status")).toBeUndefined();
  });

  test.each([
    [[1], "answers"],
    [{ datasource: {} }, "answers.datasource"],
    [{ datasources: { getZones: {} } }, "answers.datasources"],
    [{ datasources: { "alicloud:index/getZones:getZones": [{ args: {} }] } }, 'answers.datasources["alicloud:index/getZones:getZones"][0]'],
    [{ outputs: { ipAddress: "1.2.3.4" } }, "answers.outputs"],
  ])("refuses %j naming %s", (doc, field) => {
    let error: unknown;
    try {
      validateAnswers(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: "invalid-answers", field });
  });

  test("an empty file answers nothing", () => {
    expect(validateAnswers(null)).toEqual({});
  });
});
