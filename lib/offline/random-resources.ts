/**
 * Plausible values for `@pulumi/random` resources on mocks, stable for a resource name (the
 * same program gives the same plan): strings of the asked length and character classes,
 * integers inside `[min, max]`, ids, pets and UUIDs.
 */
import { createHash } from "crypto";

function bytes(seed: string, n: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < n; i++) out.push(createHash("sha256").update(`${seed}:${i}`).digest());
  return Buffer.concat(out).subarray(0, n);
}

const num = (v: unknown, d: number): number => (typeof v === "number" && Number.isFinite(v) ? v : d);

function randomString(name: string, inputs: Record<string, unknown>): string {
  const length = Math.max(1, Math.min(num(inputs.length, 16), 1024));
  let chars = "";
  if (inputs.lower !== false) chars += "abcdefghijklmnopqrstuvwxyz";
  if (inputs.upper !== false) chars += "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  if (inputs.numeric !== false && inputs.number !== false) chars += "0123456789";
  if (inputs.special !== false) chars += typeof inputs.overrideSpecial === "string" && inputs.overrideSpecial !== "" ? inputs.overrideSpecial : "!@#%&*()-_=+";
  if (chars === "") chars = "abcdefghijklmnopqrstuvwxyz";
  return [...bytes(name, length)].map((b) => chars[b % chars.length]).join("");
}

/** The computed outputs of a `random:` resource, or `undefined` for other types. */
export function randomOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
  switch (type) {
    case "random:index/randomString:RandomString":
    case "random:index/randomPassword:RandomPassword":
      return { result: randomString(name, inputs) };
    case "random:index/randomInteger:RandomInteger": {
      const min = Math.ceil(num(inputs.min, 0));
      const max = Math.floor(num(inputs.max, min));
      const span = Math.max(0, max - min) + 1;
      return { result: min + (bytes(name, 4).readUInt32BE(0) % span) };
    }
    case "random:index/randomId:RandomId":
    case "random:index/randomBytes:RandomBytes": {
      const b = bytes(name, Math.max(1, Math.min(num(inputs.byteLength ?? inputs.length, 8), 256)));
      const prefix = typeof inputs.prefix === "string" ? inputs.prefix : "";
      return { hex: prefix + b.toString("hex"), b64Std: prefix + b.toString("base64"), b64Url: prefix + b.toString("base64url"), dec: prefix + BigInt(`0x${b.toString("hex")}`).toString(), base64: b.toString("base64") };
    }
    case "random:index/randomPet:RandomPet": {
      const words = ["calm", "brave", "swift", "quiet", "bold", "otter", "falcon", "badger"];
      const n = Math.max(1, Math.min(num(inputs.length, 2), 8));
      const b = bytes(name, n);
      const separator = typeof inputs.separator === "string" ? inputs.separator : "-";
      const pet = [...b].map((x) => words[x % words.length]).join(separator);
      return { id: typeof inputs.prefix === "string" ? `${inputs.prefix}${separator}${pet}` : pet };
    }
    case "random:index/randomUuid:RandomUuid": {
      const h = bytes(name, 16).toString("hex");
      return { result: `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}` };
    }
    case "random:index/randomShuffle:RandomShuffle": {
      const list = Array.isArray(inputs.inputs) ? inputs.inputs : [];
      return { results: list.slice(0, num(inputs.resultCount, list.length)) };
    }
    default:
      return undefined;
  }
}
