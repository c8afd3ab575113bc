// The QEMU serial-log test harness: runs the cases of tests/qemu/cases.ts in
// parallel, one QEMU each, and reports TAP on stdout, in case order.
import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import { cases, type Case } from "../../tests/qemu/cases.ts";
import { runCase, type Result } from "./run.ts";

const USAGE = `usage: scripts/qemu-test-harness [options] [filter ...]
  filter             run cases whose name contains the text (* is a wildcard)
  --list             list the cases (and whether they would be skipped)
  --arch A           only x86_64 or riscv64 cases
  -j N               cases at once (default: the number of CPUs, ${availableParallelism()})
  --timeout-scale F  multiply every case's timeout by F
  --logs DIR         where serial logs go (default build/test-logs)
  --help             this text`;

function parseArgs(argv: string[]) {
  const o = { list: false, arch: "", jobs: availableParallelism(), scale: 1, logs: "build/test-logs", filters: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) die(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (a === "--list") o.list = true;
    else if (a === "--arch") o.arch = value();
    else if (a === "-j") o.jobs = Number(value());
    else if (a === "--timeout-scale") o.scale = Number(value());
    else if (a === "--logs") o.logs = value();
    else if (a.startsWith("-")) die(`unknown option ${a}`);
    else o.filters.push(a);
  }
  if (!(o.jobs >= 1)) die("-j needs a number >= 1");
  if (!(o.scale > 0)) die("--timeout-scale needs a positive number");
  if (o.arch && o.arch !== "x86_64" && o.arch !== "riscv64") die(`--arch must be x86_64 or riscv64, not ${o.arch}`);
  return o;
}

function die(msg: string): never {
  console.error(`qemu-test-harness: ${msg}\n${USAGE}`);
  process.exit(2);
}

function selected(c: Case, arch: string, filters: string[]): boolean {
  if (arch && c.arch !== arch) return false;
  if (filters.length === 0) return true;
  return filters.some((f) => {
    if (!f.includes("*")) return c.name.includes(f);
    const re = new RegExp(
      "^" +
        f
          .split("*")
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*") +
        "$",
    );
    return re.test(c.name);
  });
}

function tap(n: number, r: Result): string {
  const lines: string[] = [];
  const time = `(${r.seconds.toFixed(1)}s)`;
  if (r.status === "skip") return `ok ${n} - ${r.name} # SKIP ${r.reason}`;
  lines.push(`${r.status === "pass" ? "ok" : "not ok"} ${n} - ${r.name} ${time}`);
  if (r.ktests.length > 0) {
    lines.push("    # Subtest: in-kernel tests");
    for (const k of r.ktests) lines.push(`    ${k.ok ? "ok" : "not ok"} ${k.n} - ${k.name}${k.detail ? ` # ${k.detail}` : ""}`);
    lines.push(`    1..${r.ktests.length}`);
  }
  if (r.status === "fail") {
    lines.push("  ---", `  reason: ${JSON.stringify(r.reason)}`, `  exit: ${r.exitCode}`, "  log tail: |");
    for (const l of r.log.split("\n").slice(-30)) lines.push(`    ${l}`);
    lines.push("  ...");
  }
  return lines.join("\n");
}

const o = parseArgs(process.argv.slice(2));
const chosen = cases.filter((c) => selected(c, o.arch, o.filters));
if (o.list) {
  for (const c of chosen) {
    const skip = c.requires?.();
    const missing = c.artifacts.find((f) => !existsSync(f));
    console.log(`${c.name.padEnd(28)} ${c.arch.padEnd(8)} ${skip ? `skip: ${skip}` : missing ? `missing ${missing}` : "ready"}`);
  }
  process.exit(0);
}
if (chosen.length === 0) die("no case matches");

console.log("TAP version 13");
console.log(`1..${chosen.length}`);
const results: (Result | undefined)[] = new Array(chosen.length);
let printed = 0;
let next = 0;
// Print results in case order as soon as every earlier one is in.
const flush = () => {
  while (printed < chosen.length && results[printed]) {
    console.log(tap(printed + 1, results[printed]!));
    printed++;
  }
};
async function worker() {
  while (next < chosen.length) {
    const i = next++;
    results[i] = await runCase(chosen[i], o.scale, o.logs);
    flush();
  }
}
await Promise.all(Array.from({ length: Math.min(o.jobs, chosen.length) }, worker));
const count = (s: string) => results.filter((r) => r!.status === s).length;
console.log(`# serial logs in ${o.logs}/`);
console.log(`harness: ${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped`);
process.exit(count("fail") > 0 ? 1 : 0);
