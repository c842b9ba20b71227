/**
 * A streaming reader of VPC flow logs as Log Service exports them: JSON lines (one log per
 * line, as shipped to OSS or pulled with the CLI) or CSV (as shipped to OSS or downloaded from
 * the console, with a header row naming the fields, delimited by `,`, `|`, tab or space). Field
 * names are Log Service's: `eni-id`, `vm-id`, `srcaddr`, `srcport`, `dstaddr`, `dstport`,
 * `protocol` (IANA number), `direction` (`in`/`out`), `start`, `end` (Unix seconds), `action`
 * (`ACCEPT`/`REJECT`), `log-status` (`OK`/`NODATA`/`SKIPDATA`), `tcp-flags`, `packets`, `bytes`.
 *
 * Pure over its input: it reads chunks from any async iterable (a file stream, a string array)
 * and yields one record at a time, so memory stays bounded whatever the size of the log. A bad
 * line is counted and described with its file and line, never thrown.
 */
import { createReadStream } from "fs";
import * as path from "path";
import { StringDecoder } from "string_decoder";
import { parse as parseCsv } from "csv-parse/sync";
import { ValidationError } from "../model/errors";
import { addressFamily } from "../model/ip";

/** `in`: traffic entering the network interface; `out`: traffic leaving it. */
export type FlowLogDirection = "in" | "out";
/** `ACCEPT`: security groups and network ACLs let it through; `REJECT`: one of them denied it. */
export type FlowLogAction = "ACCEPT" | "REJECT";
/** Only `OK` records carry traffic; `NODATA`: none in the window; `SKIPDATA`: some records were skipped. */
export type FlowLogStatus = "OK" | "NODATA" | "SKIPDATA";

/** One flow-log record with traffic (`log-status` OK), fields read as numbers where they are numbers. */
export interface FlowLogRecord {
  /** `eni-id`: the network interface that logged it. */
  eniId: string;
  /** `vm-id`: the instance the interface is attached to, where logged. */
  vmId?: string;
  /** `srcaddr`. */
  srcaddr: string;
  /** `srcport`; absent (or 0) for protocols without ports. */
  srcport?: number;
  /** `dstaddr`. */
  dstaddr: string;
  /** `dstport`; absent (or 0) for protocols without ports. */
  dstport?: number;
  /** `protocol`: the IANA protocol number (6 tcp, 17 udp, 1 icmp, 58 icmpv6, 47 gre). */
  protocol: number;
  /** `direction`. */
  direction: FlowLogDirection;
  /** `action`. */
  action: FlowLogAction;
  /** `start`: Unix seconds. */
  start: number;
  /** `end`: Unix seconds. */
  end: number;
  /** `tcp-flags`: the OR of the TCP flags of the window's packets (SYN 2, ACK 16, SYN-ACK 18, FIN 1, RST 4), where logged. */
  tcpFlags?: number;
  /** `packets`, where logged. */
  packets?: number;
  /** `bytes`, where logged. */
  bytes?: number;
  /** Where the record was read. */
  file: string;
  /** Line of `file` (1-based). */
  line: number;
}

/** A line that could not be read as a record. */
export interface BadFlowLogLine {
  /** The file. */
  file: string;
  /** Its line (1-based). */
  line: number;
  /** What is wrong with it. */
  reason: string;
}

/** What a read met besides records: counts over the whole input, and the first bad lines. */
export interface FlowLogReadStats {
  /** Lines read (blank lines and the header excepted). */
  lines: number;
  /** Records yielded (log-status OK, well formed). */
  records: number;
  /** `NODATA` records: windows without traffic. */
  noData: number;
  /** `SKIPDATA` records: windows whose records were partly skipped, so coverage is incomplete. */
  skipData: number;
  /** Lines that are not records. */
  bad: number;
  /** The first bad lines (at most {@link FlowLogReadOptions.keepBad}), each with file, line and reason. */
  badLines: BadFlowLogLine[];
  /** The same counts per file, in reading order (set by {@link readFlowLogFiles}). */
  files?: FlowLogFileStats[];
}

/** One file's counts and first bad lines. */
export interface FlowLogFileStats extends Omit<FlowLogReadStats, "files"> {
  /** The file, as given. */
  file: string;
}

/** Options of {@link readFlowLog}. */
export interface FlowLogReadOptions {
  /** The name reported for bad lines and carried by records. @default "<input>" */
  file?: string;
  /** `json` (JSON lines), `csv`, or `auto` (JSON when the first non-blank character is `{` or `[`). @default "auto" */
  format?: "json" | "csv" | "auto";
  /** CSV field names when the file has no header row (Log Service ships one only when asked). @default read from the first line */
  columns?: string[];
  /** CSV delimiter. @default guessed from the header among `,`, `|`, tab and space */
  delimiter?: string;
  /** Counts to add to (pass one object to several reads to total them). @default a new object */
  stats?: FlowLogReadStats;
  /** How many bad lines to keep in `stats.badLines`. @default 100 */
  keepBad?: number;
  /** The longest line read, in characters without its line end; a longer line is a bad line, skipped without being held in memory. @default {@link MAX_FLOW_LOG_LINE} (65,536) */
  maxLineLength?: number;
}

/** Fresh, zeroed read statistics. */
export function emptyFlowLogStats(): FlowLogReadStats {
  return { lines: 0, records: 0, noData: 0, skipData: 0, bad: 0, badLines: [] };
}

const REQUIRED = ["eni-id", "srcaddr", "dstaddr", "protocol", "direction", "action", "start", "end"] as const;
const DELIMITERS = [",", "|", "\t", " "];

type Fields = Record<string, unknown>;

/** The longest line read, in characters without its line end (64 KiB of a log's ASCII); longer lines are bad lines. */
export const MAX_FLOW_LOG_LINE = 65536;

/**
 * Lines of a stream of chunks, without their line ends, a chunk's worth at a time (a trailing
 * line without one is a line too). Each line is given as its text and the offsets of the line
 * in it, so that a line need not be cut out of the chunk to be read. A line longer than `limit`
 * is given as the end -1 and never held: what is carried from one chunk to the next is at most
 * `limit + 1` characters, and the rest of an over-long line is dropped chunk by chunk up to its
 * line end, so time is linear and memory bounded by the chunk and the limit. Buffers are
 * decoded as UTF-8 across chunk boundaries.
 */
async function* linesOf(input: AsyncIterable<string | Buffer> | Iterable<string | Buffer>, limit: number): AsyncGenerator<ChunkLines> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  // Inside an over-long line already given: drop text up to its line end.
  let skipping = false;
  const split = (piece: string): ChunkLines | undefined => {
    let nl = piece.indexOf("\n");
    let text: string;
    let from = 0;
    if (skipping) {
      if (nl === -1) return undefined;
      skipping = false;
      text = piece;
      from = nl + 1;
      nl = text.indexOf("\n", from);
    } else if (nl === -1) {
      // No line end: carry the piece, unless the line is already too long to be read.
      rest += piece;
      if (rest.length <= limit + 1) return undefined;
      rest = "";
      skipping = true;
      return { text: "", starts: [0], ends: [-1] };
    } else {
      nl += rest.length;
      text = rest + piece;
    }
    rest = "";
    const lines: ChunkLines = { text, starts: [], ends: [] };
    for (; nl !== -1; nl = text.indexOf("\n", from)) {
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      lines.starts.push(from);
      lines.ends.push(end - from > limit ? -1 : end);
      from = nl + 1;
    }
    if (text.length - from > limit + 1) {
      lines.starts.push(from);
      lines.ends.push(-1);
      skipping = true;
    } else rest = text.slice(from);
    return lines.starts.length > 0 ? lines : undefined;
  };
  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    const lines = split(typeof chunk === "string" ? chunk : decoder.write(chunk));
    if (lines !== undefined) yield lines;
  }
  const tail = decoder.end();
  if (tail !== "") {
    const lines = split(tail);
    if (lines !== undefined) yield lines;
  }
  if (rest !== "" && !skipping) {
    const end = rest.endsWith("\r") ? rest.length - 1 : rest.length;
    yield { text: rest, starts: [0], ends: [end > limit ? -1 : end] };
  }
}

/** The lines of one chunk: line i is `text.slice(starts[i], ends[i])`, or too long to be read when `ends[i]` is -1. */
interface ChunkLines {
  readonly text: string;
  readonly starts: number[];
  readonly ends: number[];
}

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32) ? v.trim() : v;
  if (typeof v === "number") return String(v);
  return undefined;
}

/** A value as a message quotes it: JSON, cut to 200 characters. */
function quote(v: unknown): string {
  const s = JSON.stringify(v ?? null) ?? "null";
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

function whole(v: unknown, field: string, min: number, max: number): number {
  const s = text(v);
  const n = s === undefined || s === "" ? NaN : Number(s);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${field} ${quote(v)} is not a whole number from ${min} to ${max}`);
  return n;
}

function optionalWhole(v: unknown, field: string, max: number): number | undefined {
  const s = text(v);
  if (s === undefined || s === "" || s === "-") return undefined;
  return whole(s, field, 0, max);
}

/**
 * Reads one parsed log (field name → value) into a record. Returns a status for NODATA and
 * SKIPDATA records, and throws an Error whose message says what is wrong for a bad one.
 */
function toRecord(get: (field: string) => unknown, file: string, line: number): FlowLogRecord | "NODATA" | "SKIPDATA" {
  const status = text(get("log-status")) ?? "OK";
  if (status === "NODATA" || status === "SKIPDATA") return status;
  if (status !== "OK") throw new Error(`log-status ${quote(get("log-status"))} is not OK, NODATA or SKIPDATA`);
  for (const k of REQUIRED) {
    const v = text(get(k));
    if (v === undefined || v === "") throw new Error(`field ${k} is missing`);
  }
  const srcaddr = text(get("srcaddr")) as string;
  const dstaddr = text(get("dstaddr")) as string;
  const src = addressFamily(srcaddr);
  const dst = addressFamily(dstaddr);
  if (!src) throw new Error(`srcaddr ${quote(srcaddr)} is not an IP address`);
  if (!dst) throw new Error(`dstaddr ${quote(dstaddr)} is not an IP address`);
  if (src !== dst) throw new Error(`srcaddr ${srcaddr} and dstaddr ${dstaddr} are of different address families`);
  const direction = text(get("direction"));
  if (direction !== "in" && direction !== "out") throw new Error(`direction ${quote(get("direction"))} is neither in nor out`);
  const action = text(get("action"));
  if (action !== "ACCEPT" && action !== "REJECT") throw new Error(`action ${quote(get("action"))} is neither ACCEPT nor REJECT`);
  const protocol = whole(get("protocol"), "protocol", 0, 255);
  const start = whole(get("start"), "start", 0, Number.MAX_SAFE_INTEGER);
  const end = whole(get("end"), "end", 0, Number.MAX_SAFE_INTEGER);
  if (end < start) throw new Error(`end ${end} is before start ${start}`);
  const record: FlowLogRecord = { eniId: text(get("eni-id")) as string, srcaddr, dstaddr, protocol, direction, action, start, end, file, line };
  const vmId = text(get("vm-id"));
  if (vmId !== undefined && vmId !== "" && vmId !== "-") record.vmId = vmId;
  const ported = protocol === 6 || protocol === 17;
  const srcport = optionalWhole(get("srcport"), "srcport", 65535);
  const dstport = optionalWhole(get("dstport"), "dstport", 65535);
  if (ported && (!srcport || !dstport)) throw new Error(`a ${protocol === 6 ? "tcp" : "udp"} record needs srcport and dstport from 1 to 65535`);
  if (srcport !== undefined) record.srcport = srcport;
  if (dstport !== undefined) record.dstport = dstport;
  const flags = optionalWhole(get("tcp-flags"), "tcp-flags", 511);
  if (flags !== undefined) record.tcpFlags = flags;
  const packets = optionalWhole(get("packets"), "packets", Number.MAX_SAFE_INTEGER);
  if (packets !== undefined) record.packets = packets;
  const bytes = optionalWhole(get("bytes"), "bytes", Number.MAX_SAFE_INTEGER);
  if (bytes !== undefined) record.bytes = bytes;
  return record;
}

function guessDelimiter(header: string): string {
  let best = ",";
  let most = 0;
  for (const d of DELIMITERS) {
    const n = header.split(d).length;
    if (n > most) {
      most = n;
      best = d;
    }
  }
  return best;
}

function stripBom(line: string): string {
  return line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
}

/**
 * Reads one flow log, yielding its records one at a time (an async iterator: memory stays
 * bounded). NODATA and SKIPDATA records are counted, not yielded; a line that is not a record
 * (bad JSON, a missing field, an address that is not one) is counted and described in
 * `options.stats`, with its file and line, and reading goes on.
 *
 * CSV lines are split by the delimiter; a line holding a double quote (a quoted field) goes
 * through csv-parse, which reads RFC 4180 quoting. A plain, well-formed line (the bulk of a
 * log) is read in place, without cutting it into fields, into the same record. Throws
 * {@link ValidationError} only for bad options, never for bad input. For millions of records,
 * {@link readFlowLogBatches} gives the same records a chunk at a time, without the cost of an
 * asynchronous step per record (this reader is that one flattened, so `options.stats` counts a
 * chunk's lines as its first record is given).
 *
 * @example
 * const stats = emptyFlowLogStats();
 * for await (const r of readFlowLog(fs.createReadStream("flow.csv"), { file: "flow.csv", stats })) { ... }
 * stats.bad; // => lines that were not records
 */
export async function* readFlowLog(input: AsyncIterable<string | Buffer> | Iterable<string | Buffer>, options: FlowLogReadOptions = {}): AsyncGenerator<FlowLogRecord> {
  for await (const batch of readFlowLogBatches(input, options)) yield* batch;
}

/**
 * {@link readFlowLog}'s records, in the same order, as one array per chunk of the input (a
 * chunk of a file stream is its `highWaterMark`, 1 MiB as `readFlowLogFiles` opens files: some
 * thousands of records). An asynchronous step per record costs more than reading the record
 * does; a step per chunk does not, and memory stays bounded by the chunk. `options.stats` counts
 * a chunk's lines before its batch is yielded. A chunk without records yields no batch.
 *
 * @example
 * for await (const batch of readFlowLogBatches(fs.createReadStream("flow.csv", { highWaterMark: 1 << 20 }), { file: "flow.csv" })) for (const r of batch) attributor.add(r);
 */
export async function* readFlowLogBatches(input: AsyncIterable<string | Buffer> | Iterable<string | Buffer>, options: FlowLogReadOptions = {}): AsyncGenerator<FlowLogRecord[]> {
  const file = options.file ?? "<input>";
  const format = options.format ?? "auto";
  if (format !== "json" && format !== "csv" && format !== "auto") {
    throw new ValidationError("invalid-argument", "options.format", format, "is not a flow-log format", `Use "json" (JSON lines), "csv" or "auto".`);
  }
  if (options.delimiter !== undefined && (typeof options.delimiter !== "string" || options.delimiter.length !== 1 || options.delimiter === '"')) {
    throw new ValidationError("invalid-argument", "options.delimiter", options.delimiter, "must be one character other than a double quote", `Use ",", "|", "\\t" or " ".`);
  }
  if (options.columns !== undefined && (!Array.isArray(options.columns) || options.columns.some((c) => typeof c !== "string"))) {
    throw new ValidationError("invalid-argument", "options.columns", options.columns, "must be an array of field names", `Pass the fields in file order, e.g. ["eni-id", "srcaddr", …].`);
  }
  const maxLine = options.maxLineLength ?? MAX_FLOW_LOG_LINE;
  if (!Number.isSafeInteger(maxLine) || maxLine < 1) {
    throw new ValidationError("invalid-argument", "options.maxLineLength", maxLine, "is not a whole number of characters from 1", `Leave it out for ${MAX_FLOW_LOG_LINE}, or give a larger whole number.`);
  }
  const stats = options.stats ?? emptyFlowLogStats();
  const keepBad = options.keepBad ?? 100;
  const bad = (line: number, reason: string) => {
    stats.bad++;
    if (stats.badLines.length < keepBad) stats.badLines.push({ file, line, reason: reason.length > 300 ? `${reason.slice(0, 299)}…` : reason });
  };
  let kind: "json" | "csv" | undefined = format === "auto" ? undefined : format;
  let columns: string[] | undefined = options.columns;
  let position = columns && new Map(columns.map((c, i) => [c.trim(), i]));
  let delimiter = options.delimiter;
  let n = 0;
  // Set once the CSV columns are known: plain lines are then read in place (see readPlainCsv).
  let layout: CsvLayout | undefined;
  for await (const chunk of linesOf(input, maxLine)) {
    const { text, starts, ends } = chunk;
    const batch: FlowLogRecord[] = [];
    let quote = -1;
    for (let li = 0; li < starts.length; li++) {
      n++;
      const from = starts[li];
      const end = ends[li];
      if (end < 0) {
        stats.lines++;
        bad(n, `is longer than ${maxLine} characters: not read`);
        continue;
      }
      if (layout !== undefined) {
        if (quote !== Infinity && quote < from) {
          quote = text.indexOf('"', from);
          if (quote === -1) quote = Infinity;
        }
        const fast = quote >= end ? readPlainCsv(text, from, end, layout, file, n) : undefined;
        if (fast !== undefined) {
          stats.lines++;
          if (fast === "NODATA") stats.noData++;
          else if (fast === "SKIPDATA") stats.skipData++;
          else {
            stats.records++;
            batch.push(fast);
          }
          continue;
        }
      }
      const raw = text.slice(from, end);
      const line = n === 1 ? stripBom(raw) : raw;
      if (line.trim() === "") continue;
      if (kind === undefined) {
        const c = line.trimStart()[0];
        kind = c === "{" || c === "[" ? "json" : "csv";
      }
      let get: (field: string) => unknown;
      if (kind === "json") {
        // JSON lines; also a JSON array written one log per line ("[", "{…},", "]").
        let t = line.trim();
        if (t === "[" || t === "]") continue;
        if (t.startsWith("[")) t = t.slice(1);
        if (t.endsWith("]")) t = t.slice(0, -1);
        if (t.endsWith(",")) t = t.slice(0, -1);
        stats.lines++;
        try {
          const v: unknown = JSON.parse(t);
          if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("is not a JSON object");
          const fields = v as Fields;
          get = (k) => fields[k];
        } catch (e) {
          bad(n, `not a JSON log object (${(e as Error).message})`);
          continue;
        }
      } else {
        if (columns === undefined) {
          delimiter ??= guessDelimiter(line);
          columns = splitCsv(line, delimiter) ?? [];
          position = new Map(columns.map((c, i) => [c.trim(), i]));
          if (!columns.includes("srcaddr")) {
            bad(n, `the first line is not a header naming the fields (srcaddr, dstaddr, …): pass the columns`);
            columns = undefined;
            if (batch.length > 0) yield batch;
            return;
          }
          layout = csvLayout(position, columns.length, delimiter);
          continue;
        }
        delimiter ??= ",";
        layout ??= csvLayout(position as Map<string, number>, columns.length, delimiter);
        stats.lines++;
        const values = splitCsv(line, delimiter);
        if (values === undefined || values.length !== columns.length) {
          bad(n, values === undefined ? "not a CSV line" : `has ${values.length} fields where the header names ${columns.length}`);
          continue;
        }
        const at = position as Map<string, number>;
        get = (k) => {
          const i = at.get(k);
          return i === undefined ? undefined : values[i];
        };
      }
      let record: FlowLogRecord | "NODATA" | "SKIPDATA";
      try {
        record = toRecord(get, file, n);
      } catch (e) {
        bad(n, (e as Error).message);
        continue;
      }
      if (record === "NODATA") stats.noData++;
      else if (record === "SKIPDATA") stats.skipData++;
      else {
        stats.records++;
        batch.push(record);
      }
    }
    if (batch.length > 0) yield batch;
  }
}

/** Where a CSV line's fields are, by the header (-1: no such column), and room to cut a line. */
interface CsvLayout {
  readonly delimiter: string;
  readonly count: number;
  readonly eni: number;
  readonly vm: number;
  readonly src: number;
  readonly srcport: number;
  readonly dst: number;
  readonly dstport: number;
  readonly protocol: number;
  readonly direction: number;
  readonly action: number;
  readonly start: number;
  readonly end: number;
  readonly status: number;
  readonly flags: number;
  readonly packets: number;
  readonly bytes: number;
  /** Field i of the line being read runs from at[i] to at[i + 1] - 1. */
  readonly at: Int32Array;
}

function csvLayout(position: ReadonlyMap<string, number>, count: number, delimiter: string): CsvLayout {
  const of = (field: string) => position.get(field) ?? -1;
  return {
    delimiter,
    count,
    eni: of("eni-id"),
    vm: of("vm-id"),
    src: of("srcaddr"),
    srcport: of("srcport"),
    dst: of("dstaddr"),
    dstport: of("dstport"),
    protocol: of("protocol"),
    direction: of("direction"),
    action: of("action"),
    start: of("start"),
    end: of("end"),
    status: of("log-status"),
    flags: of("tcp-flags"),
    packets: of("packets"),
    bytes: of("bytes"),
    at: new Int32Array(count + 1),
  };
}

/**
 * Reads a plain CSV line in place, without cutting it into fields: the common case of a large
 * log. Plain means: no quote (the caller checks), the header's number of fields, no field with
 * blanks at its ends, a known log-status, every required field present, addresses of one
 * family, `in`/`out`, `ACCEPT`/`REJECT`, and numbers written as digits in range. For such a
 * line the result is exactly {@link toRecord}'s; for any other line it returns undefined and
 * the line is read the general way, which also words what is wrong with it.
 */
function readPlainCsv(text: string, from: number, end: number, L: CsvLayout, file: string, line: number): FlowLogRecord | "NODATA" | "SKIPDATA" | undefined {
  if (line === 1 || end <= from || text.charCodeAt(from) <= 32 || text.charCodeAt(end - 1) <= 32) return undefined;
  const at = L.at;
  const d = L.delimiter;
  let k = 0;
  at[0] = from;
  for (let i = text.indexOf(d, from); i !== -1 && i < end; i = text.indexOf(d, i + 1)) {
    if (++k >= L.count) return undefined;
    at[k] = i + 1;
  }
  if (k !== L.count - 1) return undefined;
  at[L.count] = end + 1;
  // Fields the record reads must not need trimming.
  if (!untrimmed(text, at, L.status) || !untrimmed(text, at, L.eni) || !untrimmed(text, at, L.src) || !untrimmed(text, at, L.dst) || !untrimmed(text, at, L.direction) || !untrimmed(text, at, L.action)) return undefined;
  if (L.status >= 0) {
    const s = at[L.status];
    const n = at[L.status + 1] - 1 - s;
    if (n === 6 && text.startsWith("NODATA", s)) return "NODATA";
    if (n === 8 && text.startsWith("SKIPDATA", s)) return "SKIPDATA";
    if (n !== 2 || !text.startsWith("OK", s)) return undefined;
  }
  if (L.eni < 0 || L.src < 0 || L.dst < 0 || L.direction < 0 || L.action < 0) return undefined;
  const protocol = digits(text, at, L.protocol, 255);
  const start = digits(text, at, L.start, Number.MAX_SAFE_INTEGER);
  const stop = digits(text, at, L.end, Number.MAX_SAFE_INTEGER);
  if (protocol < 0 || start < 0 || stop < start) return undefined;
  const dirAt = at[L.direction];
  const dirLength = at[L.direction + 1] - 1 - dirAt;
  const direction: FlowLogDirection | undefined = dirLength === 2 && text.startsWith("in", dirAt) ? "in" : dirLength === 3 && text.startsWith("out", dirAt) ? "out" : undefined;
  const actAt = at[L.action];
  const actLength = at[L.action + 1] - 1 - actAt;
  const action: FlowLogAction | undefined = actLength === 6 && text.startsWith("ACCEPT", actAt) ? "ACCEPT" : actLength === 6 && text.startsWith("REJECT", actAt) ? "REJECT" : undefined;
  if (direction === undefined || action === undefined) return undefined;
  const ported = protocol === 6 || protocol === 17;
  const srcport = optionalDigits(text, at, L.srcport, 65535);
  const dstport = optionalDigits(text, at, L.dstport, 65535);
  if (srcport === -1 || dstport === -1 || (ported && (!srcport || !dstport))) return undefined;
  const flags = optionalDigits(text, at, L.flags, 511);
  const packets = optionalDigits(text, at, L.packets, Number.MAX_SAFE_INTEGER);
  const bytes = optionalDigits(text, at, L.bytes, Number.MAX_SAFE_INTEGER);
  if (flags === -1 || packets === -1 || bytes === -1) return undefined;
  const eniAt = at[L.eni];
  const eniEnd = at[L.eni + 1] - 1;
  const srcAt = at[L.src];
  const srcEnd = at[L.src + 1] - 1;
  const dstAt = at[L.dst];
  const dstEnd = at[L.dst + 1] - 1;
  if (eniEnd === eniAt || srcEnd === srcAt || dstEnd === dstAt) return undefined;
  const srcaddr = text.slice(srcAt, srcEnd);
  const dstaddr = text.slice(dstAt, dstEnd);
  const family = addressFamily(srcaddr);
  if (family === undefined || addressFamily(dstaddr) !== family) return undefined;
  const record: FlowLogRecord = { eniId: text.slice(eniAt, eniEnd), srcaddr, dstaddr, protocol, direction, action, start, end: stop, file, line };
  if (L.vm >= 0) {
    const vmAt = at[L.vm];
    const vmEnd = at[L.vm + 1] - 1;
    if (vmEnd > vmAt && !(vmEnd === vmAt + 1 && text.charCodeAt(vmAt) === 45)) {
      if (text.charCodeAt(vmAt) <= 32 || text.charCodeAt(vmEnd - 1) <= 32) return undefined;
      record.vmId = text.slice(vmAt, vmEnd);
    }
  }
  if (srcport !== undefined) record.srcport = srcport;
  if (dstport !== undefined) record.dstport = dstport;
  if (flags !== undefined) record.tcpFlags = flags;
  if (packets !== undefined) record.packets = packets;
  if (bytes !== undefined) record.bytes = bytes;
  return record;
}

/** True when field i is absent, empty, or has no blank at either end (text() would return it as is). */
function untrimmed(text: string, at: Int32Array, i: number): boolean {
  if (i < 0) return true;
  const s = at[i];
  const e = at[i + 1] - 1;
  return e === s || (text.charCodeAt(s) > 32 && text.charCodeAt(e - 1) > 32);
}

/** Field i as a whole number of 1 to 15 digits no greater than max; -1 otherwise (absent, empty, anything else). */
function digits(text: string, at: Int32Array, i: number, max: number): number {
  if (i < 0) return -1;
  const s = at[i];
  const e = at[i + 1] - 1;
  if (e === s || e - s > 15) return -1;
  let n = 0;
  for (let j = s; j < e; j++) {
    const c = text.charCodeAt(j) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n <= max ? n : -1;
}

/** An optional field as {@link optionalWhole} reads it: undefined when absent, empty or `-`, its value when digits in range, -1 otherwise. */
function optionalDigits(text: string, at: Int32Array, i: number, max: number): number | undefined {
  if (i < 0) return undefined;
  const s = at[i];
  const e = at[i + 1] - 1;
  if (e === s || (e === s + 1 && text.charCodeAt(s) === 45)) return undefined;
  return digits(text, at, i, max);
}

/** Splits one CSV line: by the delimiter when it holds no quote, else by csv-parse. Undefined when it cannot be read. */
function splitCsv(line: string, delimiter: string): string[] | undefined {
  if (!line.includes('"')) return line.split(delimiter);
  try {
    const rows = parseCsv(line, { delimiter, relax_column_count: true }) as string[][];
    return rows.length === 1 ? rows[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Options of {@link readFlowLogFiles}. */
export interface FlowLogFilesOptions extends Omit<FlowLogReadOptions, "file" | "format"> {
  /** The directory the paths are relative to; records and bad lines name each file as given. @default the process's working directory */
  cwd?: string;
}

/**
 * Reads flow-log files one after the other, as one stream of records (format chosen per file:
 * `.csv` is CSV, `.json`, `.jsonl`, `.ndjson` JSON lines, anything else by its first character).
 * Counts go to `options.stats`, totalled over the files, and one entry per file to
 * `options.stats.files` (each keeping its own first `keepBad` bad lines). A file that cannot be
 * read throws {@link ValidationError} (`invalid-source`) naming it. {@link readFlowLogFileBatches}
 * gives the same records a chunk at a time.
 */
export async function* readFlowLogFiles(paths: readonly string[], options: FlowLogFilesOptions = {}): AsyncGenerator<FlowLogRecord> {
  for await (const batch of readFlowLogFileBatches(paths, options)) yield* batch;
}

/** {@link readFlowLogFiles}'s records as {@link readFlowLogBatches} gives them: one array per chunk of a file (1 MiB). */
export async function* readFlowLogFileBatches(paths: readonly string[], options: FlowLogFilesOptions = {}): AsyncGenerator<FlowLogRecord[]> {
  const stats = options.stats ?? emptyFlowLogStats();
  const keepBad = options.keepBad ?? 100;
  const { cwd, ...readOptions } = options;
  for (const name of paths) {
    const lower = name.toLowerCase();
    const format = lower.endsWith(".csv") ? "csv" : /\.(json|jsonl|ndjson)$/.test(lower) ? "json" : "auto";
    const own: FlowLogFileStats = { file: name, ...emptyFlowLogStats() };
    (stats.files ??= []).push(own);
    try {
      yield* readFlowLogBatches(createReadStream(path.resolve(cwd ?? ".", name), { highWaterMark: 1 << 20 }), { ...readOptions, file: name, format, stats: own });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException | undefined)?.code;
      if (e instanceof ValidationError || typeof code !== "string") throw e;
      throw new ValidationError("invalid-source", "flow log", name, `cannot be read (${code})`, "Pass a readable flow-log file.");
    } finally {
      stats.lines += own.lines;
      stats.records += own.records;
      stats.noData += own.noData;
      stats.skipData += own.skipData;
      stats.bad += own.bad;
      for (const b of own.badLines) if (stats.badLines.length < keepBad) stats.badLines.push(b);
    }
  }
}
