/**
 * The corpus: every `## Example Usage` TypeScript block of the installed `@pulumi/alicloud`
 * API docs (the JSDoc of its `.d.ts` files) that creates or reads security groups, rules,
 * instances, network interfaces, launch templates or scaling configurations. Extracted from the
 * package as installed, never copied by hand, so a provider upgrade brings its new examples.
 */
import * as fs from "fs";
import * as path from "path";

/** One example program. */
export interface CorpusExample {
  /** Stable id: the doc file (relative to the package, without `.d.ts`) and the block's number, e.g. `ecs/securityGroupRule#1`. */
  id: string;
  /** The `.d.ts` file, relative to the package. */
  file: string;
  /** The program's source. */
  source: string;
}

/** What makes an example part of the corpus: it creates or reads one of these. */
export const CORPUS_PATTERN =
  /\b(?:ecs\.(?:SecurityGroup|SecurityGroupRule|Instance|EcsNetworkInterface|EcsNetworkInterfaceAttachment|NetworkInterface|NetworkInterfaceAttachment|EcsLaunchTemplate|LaunchTemplate|getSecurityGroups(?:Output)?|getSecurityGroupRules(?:Output)?|getInstances(?:Output)?|getEcsNetworkInterfaces(?:Output)?|getNetworkInterfaces(?:Output)?|getEcsLaunchTemplates(?:Output)?)|ess\.(?:ScalingConfiguration|EciScalingConfiguration|getScalingConfigurations(?:Output)?))\b/;

/** The installed `@pulumi/alicloud` package directory. */
export function alicloudDir(from: string = __dirname): string {
  return path.dirname(require.resolve("@pulumi/alicloud/package.json", { paths: [from] }));
}

function docFiles(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const r = rel === "" ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "types") out.push(...docFiles(dir, r));
    } else if (entry.name.endsWith(".d.ts")) out.push(r);
  }
  return out;
}

/** The TypeScript blocks of one doc comment's `## Example Usage` section (up to the next `## ` heading). */
export function exampleBlocks(comment: string): string[] {
  const lines = comment.split("\n").map((l) => l.replace(/^\s*\* ?/, ""));
  const blocks: string[] = [];
  let inSection = false;
  let block: string[] | undefined;
  for (const line of lines) {
    if (block) {
      if (/^```\s*$/.test(line)) {
        blocks.push(block.join("\n") + "\n");
        block = undefined;
      } else block.push(line);
      continue;
    }
    if (/^## /.test(line)) inSection = /^## Example Usage\b/.test(line);
    else if (inSection && /^```(?:typescript|ts)\s*$/.test(line)) block = [];
  }
  return blocks;
}

/** Every example of the corpus, in file order. */
export function extractCorpus(dir: string = alicloudDir()): CorpusExample[] {
  const out: CorpusExample[] = [];
  for (const file of docFiles(dir)) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    if (!text.includes("## Example Usage")) continue;
    const comments = text.match(/\/\*\*[\s\S]*?\*\//g) ?? [];
    let n = 0;
    for (const comment of comments) {
      if (!comment.includes("## Example Usage")) continue;
      for (const source of exampleBlocks(comment)) {
        n++;
        if (CORPUS_PATTERN.test(source)) out.push({ id: `${file.replace(/\.d\.ts$/, "")}#${n}`, file, source });
      }
    }
  }
  return out;
}

if (require.main === module) {
  const corpus = extractCorpus();
  const target = process.argv[2];
  if (target) {
    for (const e of corpus) {
      const dir = path.join(target, e.id.replace(/[#/]/g, "_"));
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "index.ts"), e.source);
    }
  }
  for (const e of corpus) console.log(e.id);
  console.error(`${corpus.length} examples`);
}
